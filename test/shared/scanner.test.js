'use strict';
// n8n's verification scanner (@n8n/scan-community-package, a pinned dev dependency) as a test:
// scripts/scan-package.mjs runs its two lint legs offline, over the checkout and over the
// unpacked `npm pack` tarball, the way `npx @n8n/scan-community-package` does for a published
// version. It runs in a child process (the scanner is an ES module that jest's module system
// cannot import), watched by the end-to-end test's outbound monitor: it must reach no host.
// Needs a built dist/ (`npm test` builds first).
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const pkg = require('../../package.json');
const monitor = path.join(root, 'e2e', 'outbound-monitor.cjs');

jest.setTimeout(60_000);

function scan(dir, outboundLog) {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[path.join(root, 'scripts', 'scan-package.mjs'), '--json', dir],
			{
				cwd: root,
				maxBuffer: 16 * 1024 * 1024,
				env: {
					...process.env,
					NODE_ENV: '', // jest's 'test' changes what eslint-plugin-n8n-nodes-base reports
					E2E_OUTBOUND_LOG: outboundLog,
					NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${monitor}`.trim(),
				},
			},
			(error, stdout, stderr) => {
				let report;
				try {
					report = JSON.parse(stdout);
				} catch {
					report = undefined;
				}
				resolve({ code: error ? error.code : 0, report, stdout, stderr });
			},
		);
	});
}

const leg = (report, name) => report.legs.find((l) => l.leg === name);
const where = (findings) => findings.map((f) => `${f.file}:${f.line} ${f.rule}`);

let work;
let clean;
let planted;

beforeAll(async () => {
	expect(fs.existsSync(path.join(root, pkg.n8n.nodes[0]))).toBe(true); // built: npx tsc -p . (or npm run build)
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'scanner-test-'));

	// A throw-away copy of what both legs read, with one forbidden construct planted in each: a
	// console.log in a node's source, a child process and restricted globals in shipped .js,
	// a runtime dependency in package.json. The repository itself is never touched.
	const copy = path.join(work, 'planted');
	fs.mkdirSync(copy);
	for (const entry of ['nodes', 'credentials', 'dist']) {
		fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
	}
	fs.writeFileSync(
		path.join(copy, 'package.json'),
		JSON.stringify({ ...pkg, dependencies: { axios: '1.18.0' } }, null, 2),
	);
	fs.appendFileSync(path.join(copy, 'nodes/Aaio/Aaio.node.ts'), "\nconsole.log('planted');\n");
	fs.appendFileSync(
		path.join(copy, 'dist/nodes/Morune/Morune.node.js'),
		"\nconst cp = require('child_process');\ncp.execSync('id');\nsetTimeout(() => process.exit(), 1);\n",
	);

	[clean, planted] = await Promise.all([
		scan(root, path.join(work, 'clean.outbound.jsonl')),
		scan(copy, path.join(work, 'planted.outbound.jsonl')),
	]);
});

afterAll(() => {
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('n8n scanner: no finding in the source or in the packed tarball', () => {
	expect(clean.stderr).not.toMatch(/could not run/);
	const { report } = clean;
	expect(report.scanner).toBe('@n8n/scan-community-package@0.32.0');

	const source = leg(report, 'source');
	expect(source.patterns).toEqual(['package.json', '{nodes,credentials}/**/*.{js,ts,json}']);
	expect(where(source.findings)).toEqual([]);
	expect(source.passed).toBe(true);
	expect(source.files).toEqual(expect.arrayContaining(['package.json', 'nodes/Aaio/Aaio.node.ts', 'credentials/AaioApi.credentials.ts']));

	const tarball = leg(report, 'tarball');
	expect(tarball.label).toBe(`${pkg.name}-${pkg.version}.tgz`);
	expect(tarball.patterns).toEqual(['**/*.js', 'package.json']);
	expect(where(tarball.findings)).toEqual([]);
	expect(tarball.passed).toBe(true);
	// Every node and credential n8n loads was in the tarball and was linted.
	expect(tarball.files).toEqual(expect.arrayContaining(['package.json', ...pkg.n8n.nodes, ...pkg.n8n.credentials]));

	expect(report.ok).toBe(true);
	expect(clean.code).toBe(0);
});

test('n8n scanner: refuses a planted console.log, child process, globals and dependency, in each leg', () => {
	const { report } = planted;
	const source = leg(report, 'source');
	const tarball = leg(report, 'tarball');

	expect(source.passed).toBe(false);
	expect(where(source.findings)).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/^nodes\/Aaio\/Aaio\.node\.ts:\d+ no-console$/),
			expect.stringMatching(/^package\.json:\d+ @n8n\/community-nodes\/no-runtime-dependencies$/),
		]),
	);
	expect(tarball.passed).toBe(false);
	expect(where(tarball.findings)).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/^dist\/nodes\/Morune\/Morune\.node\.js:\d+ @n8n\/community-nodes\/no-restricted-imports$/),
			expect.stringMatching(/^dist\/nodes\/Morune\/Morune\.node\.js:\d+ @n8n\/community-nodes\/no-dangerous-functions$/),
			expect.stringMatching(/^dist\/nodes\/Morune\/Morune\.node\.js:\d+ @n8n\/community-nodes\/no-restricted-globals$/),
			expect.stringMatching(/^package\.json:\d+ @n8n\/community-nodes\/no-runtime-dependencies$/),
		]),
	);
	// The scanner's own report names them, as n8n would print it.
	expect(source.details).toMatch(/Unexpected console statement/);
	expect(tarball.details).toMatch(/child_process/);
	expect(report.ok).toBe(false);
	expect(planted.code).toBe(1);
});

test('n8n scanner: runs offline (no DNS look-up or connection outside 127.0.0.1)', () => {
	for (const file of ['clean.outbound.jsonl', 'planted.outbound.jsonl']) {
		const log = path.join(work, file);
		expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
	}
});
