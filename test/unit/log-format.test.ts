// Which form log lines take: readable for a person at a terminal in development, JSON everywhere else.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../../src/config.js';
import { logFormat } from '../../src/logger.js';

const LOG_ONE_LINE = `import('./src/logger.ts').then(({ logger }) => logger.info({ activity: 7 }, 'one line'))`;

/** The logger in a fresh node process, its stdout a pipe or (through script(1)) a pseudo terminal. */
function logged(terminal: boolean, nodeEnv: string): string {
  const env = { ...process.env, NODE_ENV: nodeEnv, FORCE_COLOR: '0' };
  const node = [process.execPath, '--import', 'tsx', '-e', LOG_ONE_LINE];
  const run = terminal
    ? spawnSync('script', ['-qec', node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null'], {
        cwd: projectRoot,
        env,
      })
    : spawnSync(node[0], node.slice(1), { cwd: projectRoot, env });
  expect(run.status, String(run.stderr)).to.equal(0);
  return String(run.stdout);
}

/** Without colour codes and carriage returns, as a person reads it. */
const plain = (text: string) =>
  text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m|\\r`, 'g'), '');

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('log format', () => {
  it('is readable at a terminal in development, JSON otherwise', () => {
    expect(logFormat({ terminal: true, production: false })).to.equal('pretty');
    expect(logFormat({ terminal: true, production: true })).to.equal('json');
    expect(logFormat({ terminal: false, production: false })).to.equal('json');
    expect(logFormat({ terminal: false, production: true })).to.equal('json');
  });

  it('writes one JSON object a line when stdout is not a terminal', () => {
    const lines = logged(false, 'development').trim().split('\n');
    expect(lines).to.have.length(1);
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).to.include({ level: 30, msg: 'one line', activity: 7 });
    expect(line.time).to.be.a('number');
  });

  (hasScript ? it : it.skip)('writes readable lines to a terminal in development, JSON in production', () => {
    const pretty = plain(logged(true, 'development'));
    expect(pretty).to.match(/INFO.*one line/);
    expect(pretty).to.match(/activity: 7/);
    expect(() => JSON.parse(pretty.trim())).to.throw();

    const json = JSON.parse(logged(true, 'production').trim()) as Record<string, unknown>;
    expect(json).to.include({ level: 30, msg: 'one line', activity: 7 });
  });
});
