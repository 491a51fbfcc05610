'use strict';
/**
 * `node --expose-gc bench/breakdown.js [--counts 1000] [--reps 9]`: where our Balance → Get
 * spends its time per item beyond the HTTP Request node. Runs our node as built, then with its
 * description changed in this process only (never in dist/):
 *
 * - "without the base URL expression": `requestDefaults.baseURL` written literally (the fake's
 *   URL) instead of read from the credential by an expression;
 * - "only the Balance properties": the properties that Balance → Get shows (resource, its
 *   operation, its Simplify, Request Options) instead of the whole API's;
 * - both changes together;
 *
 * each against the HTTP Request node, interleaved, CPU time of this process (the fake API runs in
 * its own process), medians. What it prints backs the "Where the time goes" part of
 * BENCHMARKS.md. Loopback only.
 */
const path = require('node:path');

process.env.N8N_USER_FOLDER ??= path.resolve(__dirname, '..', '.cache', 'bench', 'n8n-user-folder');

const { BALANCE_CASES } = require('./cases');
const { forkBenchFake } = require('./fake-server');
const { median, option } = require('./cli');
const nodesBase = require('./n8n-nodes-base');

const COUNTS = option('counts', '1000').split(',').map(Number);
const REPS = Number(option('reps', '9'));

/** The properties Balance → Get shows, and those n8n adds (Request Options). */
function balanceOnly(properties) {
	return properties.filter((property) => {
		const resources = property.displayOptions?.show?.resource;
		return !resources || resources.includes('balance');
	});
}

async function breakdown(fake, benchCase, count) {
	const { runnersFor, checkRun } = require('./runners');
	const { loadPackage } = require('../test/helpers/n8n-engine');
	const run = runnersFor(benchCase, fake.url);
	const { description } = (await loadPackage()).nodeTypes[benchCase.provider].type;
	const original = { properties: description.properties, baseURL: description.requestDefaults.baseURL };
	const variants = {
		'ours, as built': {},
		'without the base URL expression': { baseURL: fake.url },
		'only the Balance properties': { properties: balanceOnly(original.properties) },
		'both': { baseURL: fake.url, properties: balanceOnly(original.properties) },
		'HTTP Request': undefined,
	};
	const once = async (name) => {
		const change = variants[name];
		description.properties = change?.properties ?? original.properties;
		description.requestDefaults.baseURL = change?.baseURL ?? original.baseURL;
		global.gc?.();
		const start = process.cpuUsage();
		const result = await run[change ? 'ours' : 'http'](count);
		const used = process.cpuUsage(start);
		checkRun(benchCase, change ? 'ours' : 'http', result, count);
		return (used.user + used.system) / 1000;
	};
	const names = Object.keys(variants);
	const times = Object.fromEntries(names.map((name) => [name, []]));
	try {
		for (const name of names) await once(name);
		for (let rep = 0; rep < REPS; rep++) {
			for (const name of names) times[name].push(await once(name));
		}
	} finally {
		description.properties = original.properties;
		description.requestDefaults.baseURL = original.baseURL;
	}
	const http = median(times['HTTP Request']);
	for (const name of names) {
		const cpu = median(times[name]);
		process.stdout.write(
			`| ${benchCase.label} | ${count} | ${name} | ${cpu.toFixed(0)} | ${(cpu / http).toFixed(2)} |\n`,
		);
	}
}

async function main() {
	nodesBase.ensureInstalled((line) => process.stdout.write(`${line}\n`));
	const fake = await forkBenchFake();
	try {
		process.stdout.write('| Case | Input items | Way | CPU (ms, median) | / HTTP Request |\n|---|--:|---|--:|--:|\n');
		for (const benchCase of BALANCE_CASES) {
			for (const count of COUNTS) await breakdown(fake, benchCase, count);
		}
	} finally {
		await fake.close();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
