// The records of a JSON file, read as the file streams past (stream-json's tokenizer), so a file of any size is
// read in bounded memory: an array of records, a page envelope ({"contents": […]}, …) or one record on its own.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import Assembler from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/parser.js';
import { ENVELOPE_KEYS, NOT_RECORDS } from './hsds/document.js';

export interface JsonRecord {
  index: number;
  value: unknown;
  /** The file is this one object (not an array or a page of records). */
  whole: boolean;
}

/** A file that cannot be read as records at all: not JSON, or JSON of another shape. Nothing in it counts. */
export class UnreadableFile extends Error {}

// Smaller reads keep the tokenizer's working text short; 16 KB measured faster than 64 KB and 1 MB.
const READ_SIZE = 16 * 1024;
const NULL_TOKEN: Token = { name: 'nullValue', value: null };
const ENDS_EARLY = 'it ends before the JSON is complete';

/** Turns the token stream into records; the envelope's array is left out of the object it sits in. */
class RecordSplitter {
  readonly ready: JsonRecord[] = [];
  count = 0;
  private mode: 'start' | 'records' | 'object' | 'skip' | 'end' = 'start';
  private inEnvelope = false;
  private envelopeSeen = false;
  private key: string | null = null;
  private skipDepth = 0;
  private readonly top = new Assembler();
  private readonly element = new Assembler();

  push(token: Token): void {
    switch (this.mode) {
      case 'start':
        if (token.name === 'startArray') this.mode = 'records';
        else if (token.name === 'startObject') {
          this.mode = 'object';
          this.top.consume(token);
        } else throw new UnreadableFile(`the file ${NOT_RECORDS}`);
        return;
      case 'records':
        if (this.element.done && token.name === 'endArray') {
          this.mode = this.inEnvelope ? 'object' : 'end';
          this.inEnvelope = false;
          return;
        }
        this.element.consume(token);
        if (this.element.done)
          this.ready.push({ index: this.count++, value: this.element.current, whole: false });
        return;
      case 'skip':
        if (token.name === 'startArray' || token.name === 'startObject') this.skipDepth += 1;
        else if (token.name === 'endArray' || token.name === 'endObject') this.skipDepth -= 1;
        if (this.skipDepth === 0) this.mode = 'object';
        return;
      case 'object':
        if (this.top.depth === 1 && token.name === 'keyValue') this.key = token.value;
        if (this.top.depth === 1 && token.name === 'startArray' && ENVELOPE_KEYS.includes(this.key ?? '')) {
          // The page's array streams as records; the page object keeps null in its place.
          this.top.consume(NULL_TOKEN);
          if (this.envelopeSeen) [this.mode, this.skipDepth] = ['skip', 1];
          else [this.mode, this.envelopeSeen, this.inEnvelope] = ['records', true, true];
          return;
        }
        this.top.consume(token);
        if (this.top.done) {
          this.mode = 'end';
          if (!this.envelopeSeen)
            this.ready.push({ index: this.count++, value: this.top.current, whole: true });
        }
        return;
      case 'end':
        throw new UnreadableFile('the file is not valid JSON (more text after its end)');
    }
  }

  finish(): void {
    if (this.mode !== 'end') throw new UnreadableFile(notJson(ENDS_EARLY, this.count));
  }
}

function notJson(problem: string, records: number): string {
  const where = records ? `, after record ${records}` : '';
  return `the file is not valid JSON (${problem}${where})`;
}

/**
 * Every record of the file, in order. Throws UnreadableFile as soon as the text stops being JSON of the right
 * shape, possibly after some records were given: the caller drops those too.
 */
export async function* jsonRecords(file: string): AsyncGenerator<JsonRecord> {
  const parse = jsonParser({ streamValues: false });
  const splitter = new RecordSplitter();
  const decoder = new StringDecoder('utf8');
  let started = false;
  const feed = (text: string | typeof none) => {
    let tokens;
    try {
      // stream-chain's flush signal: `none` ends the input.
      tokens = parse(text as string);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const problem = message.replace(/^Parser (cannot parse input: |has )/, '');
      if (!started) throw new UnreadableFile(notJson('it is empty', 0));
      throw new UnreadableFile(notJson(text === none ? ENDS_EARLY : problem, splitter.count));
    }
    if (isMany(tokens)) for (const token of getManyValues(tokens)) splitter.push(token as Token);
  };
  for await (const chunk of createReadStream(file, { highWaterMark: READ_SIZE })) {
    let text = decoder.write(chunk as Buffer);
    if (!started && text) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    feed(text);
    yield* splitter.ready.splice(0);
  }
  feed(decoder.end());
  feed(none);
  yield* splitter.ready.splice(0);
  splitter.finish();
}
