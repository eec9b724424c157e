// The published Open Referral UK 3.0 JSON schemas, read from the shared data folder and compiled with Ajv.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadConfig } from '../../src/config.js';

export const OPENREFERRAL_DIR = path.join(loadConfig().sharedDataDir, 'openreferral');
export const ORUK_DIR = path.join(OPENREFERRAL_DIR, 'oruk-3.0');
export const HSDS_DIR = path.join(OPENREFERRAL_DIR, 'hsds-3.0');
export const SCHEMA_DIR = path.join(ORUK_DIR, 'schema');
const SCHEMA_BASE = 'https://openreferraluk.org/specifications/3.0/schema/';

// ajv-formats is CommonJS; under ESM its function sits on `default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const schemasAvailable = () => existsSync(SCHEMA_DIR);

let ajv: Ajv2020 | null = null;

function compiler(): Ajv2020 {
  if (ajv) return ajv;
  if (!schemasAvailable())
    throw new Error(`The ORUK 3.0 schemas are missing: expected them in ${SCHEMA_DIR}`);
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const files = readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.json'));
  const known = new Set(Object.keys((ajv as unknown as { formats: Record<string, unknown> }).formats));
  for (const file of files) {
    const schema = JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
    // Formats the schemas name but JSON Schema does not define (e.g. "datetime") are documentation only.
    for (const format of JSON.stringify(schema).matchAll(/"format":\s*"([^"]+)"/g)) {
      if (!known.has(format[1])) {
        ajv.addFormat(format[1], true);
        known.add(format[1]);
      }
    }
    const { $schema: _dialect, $id: _id, ...body } = schema;
    ajv.addSchema(body, `${SCHEMA_BASE}${file}`);
  }
  return ajv;
}

const validators = new Map<string, ValidateFunction>();

/** Validates a body against one ORUK schema file ("service_list.json"); returns Ajv's errors as text. */
export function orukProblems(schemaFile: string, body: unknown): string[] {
  let validate = validators.get(schemaFile);
  if (!validate) {
    validate = compiler().getSchema(`${SCHEMA_BASE}${schemaFile}`);
    if (!validate) throw new Error(`No ORUK schema ${schemaFile}`);
    validators.set(schemaFile, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

/** Asserts that a body is valid against one ORUK schema file, naming the first few problems. */
export function expectOrukValid(schemaFile: string, body: unknown): void {
  const problems = orukProblems(schemaFile, body);
  expect(problems, `${schemaFile}: ${problems.slice(0, 5).join('; ')}`).to.deep.equal([]);
}
