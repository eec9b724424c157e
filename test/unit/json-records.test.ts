import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonRecords, UnreadableFile, type JsonRecord } from '../../src/importer/json-records.js';

describe('JSON records streamed from a file', () => {
  let dir: string;
  let n = 0;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'json-records-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  async function read(content: string | Buffer): Promise<JsonRecord[]> {
    const file = path.join(dir, `${n++}.json`);
    await writeFile(file, content);
    const records: JsonRecord[] = [];
    for await (const record of jsonRecords(file)) records.push(record);
    return records;
  }

  async function refusal(content: string | Buffer): Promise<{ message: string; before: number }> {
    const file = path.join(dir, `${n++}.json`);
    await writeFile(file, content);
    let before = 0;
    try {
      for await (const record of jsonRecords(file)) before = record.index + 1;
    } catch (error) {
      expect(error).to.be.instanceOf(UnreadableFile);
      return { message: (error as Error).message, before };
    }
    throw new Error('the file was read without complaint');
  }

  it('reads an array, whatever its elements, exactly as JSON.parse does', async () => {
    const records = [{ id: 'a', tags: [1, { b: [] }], note: 'caf\u00e9 \ud83d\ude00 "q"\n' }, 3, null, 'x'];
    expect(await read(JSON.stringify(records))).to.deep.equal(
      records.map((value, index) => ({ index, value, whole: false })),
    );
  });

  it('streams the array of a page envelope and leaves the page fields out', async () => {
    const page = { total_items: 2, page_number: 1, contents: [{ id: 'a' }, { id: 'b' }], last_page: true };
    expect((await read(JSON.stringify(page))).map((r) => r.value)).to.deep.equal([{ id: 'a' }, { id: 'b' }]);
    const v1 = { content: [{ id: 'c' }], totalElements: 1 };
    expect((await read(JSON.stringify(v1))).map((r) => r.value)).to.deep.equal([{ id: 'c' }]);
  });

  it('gives a single object as the whole file, own __proto__ keys and a byte-order mark as JSON.parse would', async () => {
    const text = '{"id":"one","__proto__":{"polluted":true},"contents":"not a list"}';
    const [record] = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(record).to.deep.include({ index: 0, whole: true });
    expect(record.value).to.deep.equal(JSON.parse(text));
    expect(Object.getPrototypeOf(record.value)).to.equal(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).to.equal(undefined);
  });

  it('reads records that cross every read boundary, multi-byte characters included', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({
      id: `r${i}`,
      name: `Café ${'ü€😀'.repeat(i % 7)} ${i}`,
      escaped: 'tab\tquote"back\\slash\u0001',
      n: i / 3,
    }));
    const read3000 = await read(JSON.stringify(records, null, 2));
    expect(read3000.length).to.equal(3000);
    expect(read3000.map((r) => r.value)).to.deep.equal(records);
  });

  it('reads an array as JSON.parse does: escapes, bare numbers and words across every read boundary', async () => {
    // Lengths that walk each backslash, quote and bare value across the 16 KB reads.
    const records = Array.from({ length: 4000 }, (_, i) =>
      i % 5 === 0
        ? i * 1.5
        : i % 5 === 1
          ? 'x\\"'.repeat(i % 13) + '\\'.repeat(i % 3)
          : i % 5 === 2
            ? [true, false, null, -0.5e-3, '}{][,', { '"': '\\' }]
            : { id: `r${i}`, text: `${'"\\'.repeat(i % 11)}é😀`, nested: [[[]], {}] },
    );
    for (const text of [JSON.stringify(records), JSON.stringify(records, null, 3)]) {
      expect((await read(text)).map((r) => r.value)).to.deep.equal(JSON.parse(text));
    }
    expect((await read(' \n [ ] ')).length).to.equal(0);
  });

  it('refuses a file that is empty, cut short, not JSON, or JSON of another shape, saying how far it got', async () => {
    expect((await refusal('')).message).to.equal('the file is not valid JSON (it is empty)');
    expect((await refusal('[{"id": "a"} {"id": "b"}]')).message).to.match(
      /^the file is not valid JSON \(.+\)$/,
    );
    expect((await refusal('[{"id": "a"}, {"id": "b}]')).message).to.equal(
      'the file is not valid JSON (it ends before the JSON is complete, after record 1)',
    );
    const cut = JSON.stringify(
      Array.from({ length: 2000 }, (_, i) => ({ id: `r${i}`, pad: 'x'.repeat(50) })),
    );
    const short = await refusal(cut.slice(0, Math.floor(cut.length * 0.7)));
    expect(short.before).to.be.greaterThan(1000);
    expect(short.message).to.equal(
      `the file is not valid JSON (it ends before the JSON is complete, after record ${short.before})`,
    );
    expect((await refusal('[{"id": "a"},]')).message).to.match(/^the file is not valid JSON \(.+\)$/);
    expect((await refusal('[1] [2]')).message).to.match(/^the file is not valid JSON/);
    expect((await refusal('42')).message).to.equal(
      'the file is not an HSDS service, an array of services or a page of services',
    );
    expect((await refusal('"text"')).message).to.match(/is not an HSDS service/);
  });
});
