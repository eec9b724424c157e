// The server started as `npm start` starts it, its output a pipe (as under a service manager): JSON lines, one
// object each, the same fields as always, and never the readable form meant for a terminal.
import { expect } from 'chai';
import { killGroup, spawnServer, answers, type ServerProcess } from '../support/processes.js';

describe('server log lines when stdout is not a terminal (real server process and Postgres)', function () {
  this.timeout(120000);
  let server: ServerProcess | null = null;

  after(() => {
    if (server) killGroup(server.child);
  });

  it('writes JSON lines with level, time and msg, request lines included', async () => {
    server = await spawnServer({ LOG_LEVEL: 'info', NODE_ENV: 'development' });
    expect(await answers(server.port, '/health', 60000), server.output()).to.equal(true);
    await fetch(`http://127.0.0.1:${server.port}/search?q=walking`);
    const exited = new Promise((resolve) => server!.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;

    const lines = server.output().trim().split('\n');
    const records = lines.map((line) => {
      expect(() => JSON.parse(line), line).not.to.throw();
      return JSON.parse(line) as Record<string, unknown>;
    });
    const serving = records.find((r) => r.msg === 'directory is serving');
    expect(serving, server.output()).to.include({ level: 30 });
    expect(serving!.time).to.be.a('number');
    const requestLine = records.find((r) => (r.req as { path?: string } | undefined)?.path === '/search');
    expect(requestLine, server.output()).to.include({ level: 30, msg: 'request completed' });
    expect(requestLine!.res).to.deep.equal({ status: 200 });
  });
});
