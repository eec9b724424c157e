// Root hooks shared by every suite: the test database is started on first use and stopped at the end.
import { stopTestDatabase } from './support/database.js';

export const mochaHooks = {
  async afterAll() {
    await stopTestDatabase();
  },
};
