// A redirect after a session change is sent only once the session is stored, and nothing of that request is
// stored after it: a late write would overwrite what the page the browser was sent to has stored meanwhile.
import { expect } from 'chai';
import express from 'express';
import session, { MemoryStore } from 'express-session';
import request from 'supertest';
import { saveSessionBeforeRedirect } from '../../src/web/middleware/save-before-redirect.js';

declare module 'express-session' {
  interface SessionData {
    visits?: number;
  }
}

/** A memory store that records each write with the data written. */
class RecordingStore extends MemoryStore {
  writes: { sid: string; userId: unknown; flash: unknown }[] = [];
  override set(sid: string, data: session.SessionData, done?: (error?: unknown) => void): void {
    this.writes.push({ sid, userId: data.userId, flash: data.flash });
    super.set(sid, data, done);
  }
}

function app(store: RecordingStore) {
  const server = express();
  server.use(
    session({ secret: 'x'.repeat(32), store, resave: false, saveUninitialized: false, rolling: true }),
  );
  server.use(saveSessionBeforeRedirect);
  server.get('/start', (req, res) => {
    req.session.visits = 1;
    res.send('started');
  });
  server.post('/sign-in', (req, res, next) => {
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.userId = 'user-1';
      res.redirect('/account');
    });
  });
  server.post('/flash', (req, res) => {
    req.session.flash = 'Saved.';
    res.redirect('/account');
  });
  return server;
}

describe('saving the session before a redirect', () => {
  it('stores a regenerated session once, before the redirect, and never again after it', async () => {
    const store = new RecordingStore();
    const agent = request.agent(app(store));
    await agent.get('/start').expect(200);
    store.writes = [];
    await agent.post('/sign-in').expect(302);
    // Let any write still running after the response land before counting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.writes, 'writes of the signed-in session').to.have.length(1);
    expect(store.writes[0].userId).to.equal('user-1');
  });

  it('stores a changed session once for a redirect without a regenerate', async () => {
    const store = new RecordingStore();
    const agent = request.agent(app(store));
    await agent.get('/start').expect(200);
    store.writes = [];
    await agent.post('/flash').expect(302);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.writes.map((write) => write.flash)).to.deep.equal(['Saved.']);
  });
});
