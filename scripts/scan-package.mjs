#!/usr/bin/env node
/**
 * n8n's verification scanner, offline: the two lint legs of `npx @n8n/scan-community-package`
 * run with the pinned dev dependency over this checkout instead of over a published version.
 *
 *   source   the checkout: package.json and {nodes,credentials}/**  (n8n: the source at the commit
 *            named in the package's npm provenance)
 *   tarball  `npm pack` of the checkout, unpacked: every shipped .js and package.json  (n8n: the
 *            tarball it downloads from the registry)
 *
 * Each leg calls the scanner's own analyzePackage(dir, patterns) with the patterns n8n's
 * analyzePackageByName passes; its verdict is n8n's verdict. Each leg is also linted once more with
 * the scanner's own config (buildScanConfig) to list every finding, warnings included: the scanner
 * fails on errors only, this script fails on any finding. Nothing here touches the network (the
 * provenance check and the downloads are the parts of the scanner that do, and they are not used).
 *
 *   node scripts/scan-package.mjs [--json] [--keep] [dir]     (dir: a package checkout, default this one)
 *
 * Exit code: 0 clean, 1 a finding or a failed verdict, 2 the scan could not run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const keep = args.includes('--keep');
const target = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? ROOT);

// eslint-plugin-n8n-nodes-base reads NODE_ENV when loaded: under 'test' (what jest sets) it takes
// every file for a node file and reports names and errors n8n's scan does not. Scan as n8n does.
delete process.env.NODE_ENV;

const requireHere = createRequire(import.meta.url);
const scannerFile = requireHere.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scannerVersion = requireHere('@n8n/scan-community-package/package.json').version;
// The scanner's own copies of what it runs with, not ours.
const requireScanner = createRequire(scannerFile);
// scanner.mjs makes a temp dir when imported; have it removed on exit.
requireScanner('tmp').setGracefulCleanup();
const { ESLint } = requireScanner('eslint');
const glob = requireScanner('fast-glob');
const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);

// The patterns analyzePackageByName gives each leg, and the files analyzePackage skips.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const IGNORE = ['node_modules/**', '**/package-lock.json'];

function run(command, argv, options) {
	const result = spawnSync(command, argv, { encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${argv.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.error}`);
	}
	return result.stdout;
}

/** `npm pack` the package into `into`, then unpack it as n8n does: tar -xzf --strip-components=1. */
function packAndUnpack(packageDir, into) {
	const out = run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--offline', '--no-update-notifier', '--pack-destination', into],
		{ cwd: packageDir },
	);
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
	const unpacked = path.join(into, 'package');
	fs.mkdirSync(unpacked);
	run('tar', ['-xzf', path.join(into, filename), '-C', unpacked, '--strip-components=1']);
	return { filename, unpacked };
}

async function scanLeg(name, dir, patterns, label) {
	const started = Date.now();
	const files = glob.sync(patterns, { cwd: dir, ignore: IGNORE }).sort();
	const verdict = await analyzePackage(dir, patterns);

	// The same lint again, to list warnings too (analyzePackage reports errors only).
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = files.length ? await eslint.lintFiles(files.map((file) => path.join(dir, file))) : [];
	const findings = results.flatMap((result) =>
		result.messages.map((message) => ({
			file: path.relative(dir, result.filePath),
			line: message.line,
			column: message.column,
			rule: message.ruleId,
			severity: message.severity === 2 ? 'error' : 'warning',
			message: message.message,
		})),
	);
	return {
		leg: name,
		label,
		patterns,
		files,
		passed: verdict.passed,
		message: verdict.message,
		details: verdict.details,
		findings,
		ms: Date.now() - started,
	};
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
let report;
try {
	const started = Date.now();
	const source = await scanLeg('source', target, SOURCE_FILE_PATTERNS, path.relative(process.cwd(), target) || '.');
	const packStarted = Date.now();
	const { filename, unpacked } = packAndUnpack(target, work);
	const packMs = Date.now() - packStarted;
	const tarball = await scanLeg('tarball', unpacked, TARBALL_FILE_PATTERNS, filename);
	tarball.packMs = packMs;
	const legs = [source, tarball];
	report = {
		scanner: `@n8n/scan-community-package@${scannerVersion}`,
		target,
		legs,
		ok: legs.every((leg) => leg.passed && leg.findings.length === 0 && leg.files.length > 0),
		ms: Date.now() - started,
	};
} catch (error) {
	console.error(`scan: could not run: ${error.stack || error}`);
	process.exitCode = 2;
} finally {
	if (keep) console.error(`scan: kept ${work}`);
	else fs.rmSync(work, { recursive: true, force: true });
}

if (report) {
	if (json) {
		process.stdout.write(`${JSON.stringify(report)}\n`);
	} else {
		console.log(`${report.scanner}, offline, over ${report.target}`);
		for (const leg of report.legs) {
			const errors = leg.findings.filter((finding) => finding.severity === 'error').length;
			const state = leg.passed ? 'passed' : `FAILED (${leg.message})`;
			console.log(
				`  ${leg.leg.padEnd(7)} ${leg.label} [${leg.patterns.join(', ')}]: ${leg.files.length} files, ` +
					`${state}, ${errors} errors, ${leg.findings.length - errors} warnings (${leg.ms} ms${leg.packMs ? `, pack ${leg.packMs} ms` : ''})`,
			);
			for (const f of leg.findings) {
				console.log(`    ${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.message}  ${f.rule ?? ''}`);
			}
			if (leg.files.length === 0) console.log('    no files to scan: the scanner would pass an empty package');
		}
		console.log(report.ok ? 'scan: clean' : 'scan: findings (n8n verification would refuse errors)');
	}
	process.exitCode = report.ok ? 0 : 1;
}
