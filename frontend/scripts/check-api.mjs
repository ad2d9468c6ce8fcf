// Fails when src/api/schema.d.ts is not what openapi-typescript makes of
// ../openapi/openapi.json today: run `npm run gen:api` and commit the result.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committed = 'src/api/schema.d.ts';
const dir = mkdtempSync(join(tmpdir(), 'jobconsole-api-'));
const fresh = join(dir, 'schema.d.ts');
try {
  execFileSync('npx', ['--no-install', 'openapi-typescript', '../openapi/openapi.json', '-o', fresh], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error(`${committed} is out of date with ../openapi/openapi.json: run \`npm run gen:api\` and commit it.`);
    process.exit(1);
  }
  console.log(`${committed} matches ../openapi/openapi.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
