'use strict';
// The release path: the GitHub Actions workflows (read with a YAML parser: no GitHub here), the
// package metadata n8n's verification compares with the repository, and CHANGELOG.md.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..', '..');
const pkg = require('../../package.json');
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');

/** Parses strictly: a syntax error, a duplicate key or an unknown tag throws. */
function workflow(file) {
	const doc = YAML.parseDocument(read(file), { strict: true, uniqueKeys: true, prettyErrors: true });
	expect(doc.errors.map(String)).toEqual([]);
	expect(doc.warnings.map(String)).toEqual([]);
	return doc.toJS();
}

const ci = workflow('.github/workflows/ci.yml');
const publish = workflow('.github/workflows/publish.yml');
const steps = (wf) => Object.values(wf.jobs).flatMap((job) => job.steps);
const runs = (wf) => steps(wf).map((step) => step.run ?? '');
const indexOfRun = (wf, pattern) => runs(wf).findIndex((run) => pattern.test(run));

/** GitHub's filter pattern as a regular expression (`*` and `**` only, all the tags here use). */
const filterToRegExp = (pattern) =>
	new RegExp(
		`^${pattern
			.split(/(\*\*|\*)/)
			.map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
			.join('')}$`,
	);

describe.each([
	['.github/workflows/ci.yml', ci],
	['.github/workflows/publish.yml', publish],
])('%s', (file, wf) => {
	test('has the shape of a GitHub Actions workflow', () => {
		// YAML 1.2 (what this parser and GitHub read): `on` is a key, not the boolean true.
		expect(Object.keys(wf)).toEqual(expect.arrayContaining(['name', 'on', 'jobs']));
		for (const key of Object.keys(wf)) {
			expect(['name', 'on', 'permissions', 'concurrency', 'env', 'defaults', 'jobs']).toContain(key);
		}
		for (const job of Object.values(wf.jobs)) {
			expect(job['runs-on']).toBe('ubuntu-latest');
			expect(job.steps.length).toBeGreaterThan(0);
			for (const step of job.steps) {
				for (const key of Object.keys(step)) {
					expect(['name', 'id', 'if', 'uses', 'with', 'run', 'env', 'shell', 'timeout-minutes']).toContain(key);
				}
				// Each step either runs a command or uses an action, pinned to a major version.
				expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
				if (step.uses) expect(step.uses).toMatch(/^actions\/(checkout|setup-node)@v\d+$/);
			}
		}
		// Every expression is closed and reads a context that exists in a workflow.
		const text = read(file);
		expect(text.split('${{').length).toBe(text.split('}}').length);
		for (const [, expression] of text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)) {
			expect(expression).toMatch(/^(github|matrix|secrets)\.[\w.-]+$/);
		}
	});

	test('installs with npm ci from the lockfile, and runs the tests', () => {
		const install = indexOfRun(wf, /^npm ci$/m);
		expect(install).toBeGreaterThanOrEqual(0);
		expect(indexOfRun(wf, /^(npm test|npx jest)$/m)).toBeGreaterThan(install);
		const setup = steps(wf).find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup.with.cache).toBe('npm');
	});
});

test('ci.yml: install, lint, build, test, in that order, on pushes to main and pull requests', () => {
	expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
	expect(ci.on.push.branches).toEqual(['main']);
	const order = [/^npm ci$/, /^npm run lint$/, /^npm run build$/, /^npx jest$/].map((p) => indexOfRun(ci, p));
	expect(order.every((index) => index >= 0)).toBe(true);
	expect([...order].sort((a, b) => a - b)).toEqual(order);
	expect(ci.permissions).toEqual({ contents: 'read' });
	// The workflow runs what `npm test` runs.
	expect(pkg.scripts.test).toMatch(/npm run build/);
	expect(pkg.scripts.test).toMatch(/npm run lint/);
	expect(pkg.scripts.test).toMatch(/\bjest\b/);
});

test('publish.yml: on a version tag, tested, then npm publish --provenance with id-token: write', () => {
	expect(Object.keys(publish.on)).toEqual(['push']);
	expect(Object.keys(publish.on.push)).toEqual(['tags']);
	const tagFilters = publish.on.push.tags.map(filterToRegExp);
	const matches = (tag) => tagFilters.some((re) => re.test(tag));
	expect(matches(`v${pkg.version}`)).toBe(true); // the tag `npm version` and CONTRIBUTING.md make
	expect(matches('v1.2.3')).toBe(true);
	expect(matches('main')).toBe(false);
	expect(matches('v1')).toBe(false);

	expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	const tested = indexOfRun(publish, /^npm test$/m);
	const published = indexOfRun(publish, /^npm publish --provenance$/m);
	expect(tested).toBeGreaterThan(indexOfRun(publish, /^npm ci$/m));
	expect(published).toBeGreaterThan(tested);
	expect(runs(publish).join('\n')).not.toMatch(/--dry-run|--ignore-scripts=false|--tag /);
	// Trusted publishing: no registry-url, whose token line would keep npm from trying it.
	const setup = steps(publish).find((step) => step.uses?.startsWith('actions/setup-node@'));
	expect(setup.with['registry-url']).toBeUndefined();
	expect(setup.with['node-version']).toBe(24); // npm 11
});

describe('publish.yml: the tag check, run here with bash', () => {
	const check = steps(publish).find((step) => /tag/i.test(step.name ?? '') && step.run);
	let dir;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-test-'));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	function runCheck(tag, version, changelog) {
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version }));
		fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
		// As GitHub runs a step's `run` (shell: bash).
		const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', check.run], {
			cwd: dir,
			encoding: 'utf8',
			env: { PATH: process.env.PATH, GITHUB_REF_NAME: tag },
		});
		return { code: result.status, output: result.stdout + result.stderr };
	}

	test('passes for the tag of package.json version with a dated CHANGELOG heading', () => {
		const changelog = '# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2026-12-01\n\n- Things.\n';
		expect(runCheck('v1.2.3', '1.2.3', changelog)).toEqual({ code: 0, output: '' });
	});

	test('stops a tag that is not package.json version', () => {
		const changelog = '## [1.2.3] - 2026-12-01\n';
		const result = runCheck('v1.2.4', '1.2.3', changelog);
		expect(result.code).not.toBe(0);
		expect(result.output).toMatch(/tag v1\.2\.4 is not v1\.2\.3/);
	});

	test('stops a version whose CHANGELOG heading is missing or not dated', () => {
		for (const changelog of ['## [Unreleased]\n', '## [1.2.3]\n', '## [1.2.30] - 2026-12-01\n']) {
			const result = runCheck('v1.2.3', '1.2.3', changelog);
			expect(result.code).not.toBe(0);
			expect(result.output).toMatch(/no dated heading for 1\.2\.3/);
		}
	});
});

test('package metadata: repository, homepage and bugs name one GitHub repository; author is the licensor', () => {
	const repo = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository.url)[1];
	expect(pkg.repository.type).toBe('git');
	expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
	expect(pkg.bugs.url).toBe(`https://github.com/${repo}/issues`);
	expect(repo.split('/')[1]).toBe(pkg.name);
	expect(pkg.author.name).toBeTruthy();
	expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
	expect(pkg.license).toBe('MIT');
	expect(read('LICENSE')).toMatch(new RegExp(`^Copyright \\(c\\) \\d{4} ${pkg.author.name}$`, 'm'));
});

/** What is wrong with a changelog's headings for a package at `version`: Unreleased on top, then released versions, newest first, none above it. */
function changelogProblems(text, version) {
	const headings = [...text.matchAll(/^## (.*)$/gm)].map(([, heading]) => heading);
	const problems = [];
	if (headings[0] !== '[Unreleased]') problems.push(`first heading "${headings[0]}", not [Unreleased]`);
	const released = [];
	for (const heading of headings.slice(1)) {
		const match = /^\[(\d+)\.(\d+)\.(\d+)\] - \d{4}-\d{2}-\d{2}$/.exec(heading);
		if (match) released.push(match.slice(1).map(Number));
		else problems.push(`heading "${heading}" is not "[x.y.z] - YYYY-MM-DD"`);
	}
	const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
	for (let i = 1; i < released.length; i++) {
		if (compare(released[i - 1], released[i]) <= 0) problems.push(`${released[i].join('.')} is not older than ${released[i - 1].join('.')}`);
	}
	// package.json holds the newest release or the one being prepared.
	if (released.length && compare(version.split('.').map(Number), released[0]) < 0) {
		problems.push(`package.json ${version} is older than ${released[0].join('.')}`);
	}
	return problems;
}

test('CHANGELOG.md: Unreleased on top, then released versions, newest first, none above package.json', () => {
	expect(changelogProblems(read('CHANGELOG.md'), pkg.version)).toEqual([]);
});

test('the changelog check finds each problem (the real file has no released version yet, so its loop runs on these)', () => {
	const changelog = (...headings) => headings.map((heading) => `## ${heading}\n\ntext\n`).join('\n');
	expect(changelogProblems(changelog('[Unreleased]', '[1.2.0] - 2026-12-01', '[1.1.9] - 2026-11-01', '[0.1.0] - 2026-01-01'), '1.2.0')).toEqual([]);
	expect(changelogProblems(changelog('[1.0.0] - 2026-12-01', '[Unreleased]'), '1.0.0')).toEqual([
		'first heading "[1.0.0] - 2026-12-01", not [Unreleased]',
		'heading "[Unreleased]" is not "[x.y.z] - YYYY-MM-DD"',
	]);
	expect(changelogProblems(changelog('[Unreleased]', '[1.0.0] - 2026-12-01', '[1.0.10] - 2026-12-02'), '1.0.10')).toEqual(['1.0.10 is not older than 1.0.0']);
	expect(changelogProblems(changelog('[Unreleased]', '[1.0.0]'), '1.0.0')).toEqual(['heading "[1.0.0]" is not "[x.y.z] - YYYY-MM-DD"']);
	expect(changelogProblems(changelog('[Unreleased]', '[2.0.0] - 2026-12-01'), '1.9.9')).toEqual(['package.json 1.9.9 is older than 2.0.0']);
});

test('CONTRIBUTING.md: how to cut a release, with the tag publish.yml takes', () => {
	const contributing = read('CONTRIBUTING.md');
	const section = contributing.slice(contributing.indexOf('\n## Releasing'));
	expect(section.length).toBeGreaterThan(100);
	for (const step of ['CHANGELOG.md', 'npm version', 'npm test', 'npm publish --dry-run', 'git tag v', 'publish.yml', 'NPM_TOKEN']) {
		expect(section).toContain(step);
	}
});
