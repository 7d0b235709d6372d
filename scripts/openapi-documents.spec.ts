import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocuments, OpenApiDocuments, writeOpenApiDocuments } from './openapi-documents';

// The documents the node and the broker serve at /docs-json, linted by Redocly CLI with the
// repository's redocly.yaml, and held to one rule of ours: every string a client sends says how
// long it may be.

const ROOT = join(__dirname, '..');
const REDOCLY = require.resolve('@redocly/cli/bin/cli.js');
// Nothing calls out: no telemetry, no update check (the CLI is pinned in package.json).
const OFFLINE = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

function lint(file: string): { errors: LintProblem[]; warnings: LintProblem[] } {
  const r = spawnSync(process.execPath, [REDOCLY, 'lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000', file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...OFFLINE },
    timeout: 60_000,
  });
  // Exit 1 means problems were found; the JSON says which. Anything else is the CLI failing.
  if (r.error || (r.status !== 0 && r.status !== 1) || !r.stdout.trim().startsWith('{')) {
    throw new Error(`redocly lint did not run (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  }
  const { problems } = JSON.parse(r.stdout) as { problems: LintProblem[] };
  return { errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warn') };
}

// The console's sign-in answers with redirects only (302 to the IdP, 302 back to the console).
const EXPECTED_WARNINGS = new Set(['operation-2xx-response at #/paths/~1auth~1login/get/responses', 'operation-2xx-response at #/paths/~1auth~1callback/get/responses']);

const describeProblem = (p: LintProblem) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;

type Schema = Record<string, unknown> & { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema };

/**
 * JSON pointers of the strings a client sends (request bodies, query and path parameters) that
 * have no bound: no maxLength, no enum and not a UUID.
 */
function unboundedStrings(doc: OpenAPIObject): string[] {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const found: string[] = [];
  const walk = (schema: Schema | undefined, at: string, seen: ReadonlySet<string>): void => {
    if (!schema) return;
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (!seen.has(name)) walk(schemas[name], `${at} (${name})`, new Set([...seen, name]));
      return;
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      ((schema[key] as Schema[] | undefined) ?? []).forEach((s, i) => walk(s, `${at}/${key}/${i}`, seen));
    }
    if (schema.type === 'string' && schema.maxLength === undefined && schema.enum === undefined && schema.format !== 'uuid') found.push(at);
    if (schema.items) walk(schema.items, `${at}/items`, seen);
    for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, `${at}/properties/${name}`, seen);
    if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties as Schema, `${at}/additionalProperties`, seen);
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const operation = op as { parameters?: Array<{ in: string; name: string; schema?: Schema }>; requestBody?: { content: Record<string, { schema?: Schema }> } };
      for (const p of operation.parameters ?? []) {
        if (p.in === 'query' || p.in === 'path') walk(p.schema, `${method.toUpperCase()} ${path} ${p.in} ${p.name}`, new Set());
      }
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) walk(media.schema, `${method.toUpperCase()} ${path} body ${type}`, new Set());
    }
  }
  return found;
}

let docs: OpenApiDocuments;
let dir: string;
let files: { node: string; broker: string };

beforeAll(async () => {
  docs = await buildOpenApiDocuments();
  dir = mkdtempSync(join(tmpdir(), 'postbridge-openapi-'));
  files = await writeOpenApiDocuments(dir, docs);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(['node', 'broker'] as const)('the %s OpenAPI document', (app) => {
  it('has no Redocly lint errors (recommended rules, redocly.yaml)', () => {
    const { errors, warnings } = lint(files[app]);
    expect(errors.map(describeProblem)).toEqual([]);
    // A warning fails too, unless it is one of those known to be right.
    expect(warnings.filter((w) => !EXPECTED_WARNINGS.has(`${w.ruleId} at ${w.location[0]?.pointer}`)).map(describeProblem)).toEqual([]);
  });

  it('bounds every string a client sends: maxLength, an enum or a UUID', () => {
    expect(unboundedStrings(docs[app])).toEqual([]);
  });

  it('documents the path parameters of each operation, with their own schema', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(docs[app].paths)) {
      for (const [method, op] of Object.entries(item) as Array<[string, { parameters?: Array<{ in: string; name: string }> }]>) {
        for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
          if (!op.parameters?.some((p) => p.in === 'path' && p.name === name)) missing.push(`${method.toUpperCase()} ${path}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('unboundedStrings', () => {
  it('finds strings without a bound in bodies, queries and paths, through $refs and arrays', () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      components: {
        schemas: {
          Body: { type: 'object', properties: { ok: { type: 'string', maxLength: 5 }, code: { type: 'string', enum: ['A'] }, id: { type: 'string', format: 'uuid' }, free: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } } },
        },
      },
      paths: {
        '/x/{id}': {
          post: {
            parameters: [
              { in: 'path', name: 'id', schema: { type: 'string' } },
              { in: 'query', name: 'q', schema: { type: 'string', maxLength: 3 } },
              { in: 'header', name: 'h', schema: { type: 'string' } },
            ],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } },
            responses: {},
          },
        },
      },
    } as unknown as OpenAPIObject;
    expect(unboundedStrings(doc)).toEqual([
      'POST /x/{id} path id',
      'POST /x/{id} body application/json (Body)/properties/free',
      'POST /x/{id} body application/json (Body)/properties/tags/items',
    ]);
  });
});
