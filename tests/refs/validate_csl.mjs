// validate_csl.mjs SCHEMA FILE... — checks that each FILE (a CSL-JSON
// array, as `quire cite --format csl` and `quire refs --format csl`
// print) is valid against SCHEMA (csl-data.json, JSON Schema draft-07).
// Uses Ajv from tests/web/node_modules.  Prints one line per file and
// exits 1 when any file is invalid, 2 on a usage or load error.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'web', 'package.json'));
let Ajv;
try {
	Ajv = require('ajv');
} catch (e) {
	console.error('validate_csl: ajv not found (npm install in tests/web)');
	process.exit(2);
}
const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
	console.error('usage: node validate_csl.mjs SCHEMA FILE...');
	process.exit(2);
}
const ajv = new (Ajv.default || Ajv)({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
let bad = 0;
for (const f of files) {
	let data;
	try {
		data = JSON.parse(readFileSync(f, 'utf8'));
	} catch (e) {
		console.log(`${f}: not JSON: ${e.message}`);
		bad++;
		continue;
	}
	if (validate(data)) {
		console.log(`${f}: valid (${Array.isArray(data) ? data.length : 1} items)`);
	} else {
		bad++;
		console.log(`${f}: INVALID`);
		for (const e of validate.errors.slice(0, 10))
			console.log(`  ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
	}
}
process.exit(bad ? 1 : 0);
