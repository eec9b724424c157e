import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The layers (README, "Architecture"): routes (web/, api/) → services/ → stores (db/) and search/; pure rules in
// domain/. Each rule below lists what a layer may not import: nothing reaches up a layer, and above db/ only the
// stores' front door (db/stores.ts) is opened.
const DATABASE_PACKAGES = {
  group: ['typeorm', 'typeorm/*', 'pg', 'pg/*'],
  message: 'SQL and TypeORM live in src/db and src/search; use the stores (db/stores.ts).',
};
const layers = (names, message) => ({ regex: `(^|/)(${names.join('|')})/`, message });
const modules = (names, message) => ({ regex: `(^|/)(${names.join('|')})\\.js$`, message });
const storesOnly = (allowed = ['stores']) => ({
  regex: `(^|/)db/(?!(${allowed.join('|')})\\.js$)`,
  message: 'Above db/, only db/stores.ts is imported (the Stores type and the shapes stores take and give).',
});
const UP = 'An import up a layer: pass what is needed in from the layer above instead.';
const ROOTS = modules(['app', 'server'], 'Only the composition roots import app.ts and server.ts.');
const boundary = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const layerBoundaries = [
  boundary(
    ['src/web/**', 'src/api/**'],
    [
      DATABASE_PACKAGES,
      layers(['db'], 'Routes reach data through services, never db/.'),
      layers(['importer', 'exporter', 'jobs', 'cli'], UP),
      ROOTS,
    ],
  ),
  boundary(
    ['src/services/**'],
    [
      DATABASE_PACKAGES,
      storesOnly(),
      layers(['web', 'api', 'jobs', 'cli'], UP),
      ROOTS,
      { group: ['express', 'express-*'], message: 'Services are given checked values, never a request.' },
    ],
  ),
  boundary(['src/jobs/**'], [DATABASE_PACKAGES, storesOnly(), layers(['web', 'api', 'cli'], UP), ROOTS]),
  boundary(
    ['src/exporter/**', 'src/geo/**'],
    [DATABASE_PACKAGES, storesOnly(), layers(['services', 'web', 'api', 'jobs', 'cli'], UP), ROOTS],
  ),
  // Importers produce the listing db/listing.ts describes from the entities.
  boundary(
    ['src/importer/**'],
    [
      DATABASE_PACKAGES,
      storesOnly(['stores', 'listing']),
      layers(['services', 'web', 'api', 'jobs', 'cli'], UP),
      ROOTS,
    ],
  ),
  // The commands' entry points open the database themselves, as server.ts does.
  boundary(
    ['src/importer/cli.ts', 'src/exporter/cli.ts'],
    [
      DATABASE_PACKAGES,
      storesOnly(['stores', 'listing', 'database']),
      layers(['services', 'web', 'api', 'jobs', 'cli'], UP),
    ],
  ),
  boundary(
    ['src/search/**'],
    [layers(['services', 'web', 'api', 'importer', 'exporter', 'jobs', 'cli'], UP), ROOTS],
  ),
  boundary(
    ['src/db/**'],
    [layers(['services', 'web', 'api', 'importer', 'exporter', 'jobs', 'geo', 'search', 'cli'], UP), ROOTS],
  ),
  boundary(
    ['src/domain/**'],
    [
      DATABASE_PACKAGES,
      layers(
        ['db', 'services', 'web', 'api', 'search', 'importer', 'exporter', 'jobs', 'geo', 'cli'],
        'domain/ holds pure rules: it imports nothing from the other layers.',
      ),
      modules(
        ['app', 'server', 'config', 'logger', 'secret-key', 'startup-problem'],
        'domain/ holds pure rules: no configuration, logging or I/O.',
      ),
      {
        group: ['express', 'express-*', 'node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https'],
        message: 'domain/ holds pure rules: no I/O.',
      },
    ],
  ),
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.test-data/**', 'static/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**', '**/*.cjs'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['**/*.cjs', 'static/**/*.js'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        window: 'readonly',
        document: 'readonly',
        L: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layerBoundaries,
);
