import { expect } from 'chai';
import { isDatabaseUnavailable } from '../../src/domain/database-outage.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable: a 503 for an unreachable database, a 500 for everything else', () => {
  it('knows the Postgres states of a server shutting down, starting or refusing connections', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', '08003'])
      expect(isDatabaseUnavailable(withCode(code)), code).to.equal(true);
  });

  it('knows socket errors, also inside TypeORM driverError and pg AggregateError', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).to.equal(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('query failed'), { driverError: withCode('ECONNRESET') }),
      ),
    ).to.equal(true);
    expect(
      isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])),
    ).to.equal(true);
  });

  it("knows node-postgres' uncoded messages for a pool timeout and a dropped connection", () => {
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).to.equal(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).to.equal(true);
  });

  it('leaves real bugs and bad data as they are', () => {
    expect(isDatabaseUnavailable(withCode('23505', 'duplicate key value'))).to.equal(false);
    expect(
      isDatabaseUnavailable(withCode('42P18', 'could not determine data type of parameter $1')),
    ).to.equal(false);
    expect(
      isDatabaseUnavailable(withCode('22021', 'invalid byte sequence for encoding "UTF8": 0x00')),
    ).to.equal(false);
    expect(
      isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).to.equal(false);
    expect(isDatabaseUnavailable(null)).to.equal(false);
    expect(isDatabaseUnavailable('a string')).to.equal(false);
  });
});
