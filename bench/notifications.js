'use strict';
/**
 * The notification triggers' part of `npm run bench`: for Aaio Trigger and Morune Trigger,
 * the cost of verifying one genuine notification and of refusing one unsigned 16 MB body.
 *
 * Each is sent over loopback to the trigger served as n8n serves it
 * (test/helpers/n8n-engine.js serveWebhookTrigger: n8n's body parsing, its static data
 * handling, the trigger's webhook()). Two numbers per case, medians over the repetitions:
 *  - the CPU time inside the trigger's webhook() (what this package costs);
 *  - the wall time of the whole request, which for 16 MB is mostly sending the body and n8n
 *    parsing it before the trigger is called (n8n's cost, bounded by N8N_PAYLOAD_SIZE_MAX).
 * Confirmation is off (it is one API round trip, measured by the balance cases) and so is
 * Ignore Repeats, so that every genuine repetition is verified and starts an execution.
 */
const { median } = require('./cli');

const SIXTEEN_MB = 16 * 1024 * 1024;

function unsignedBody(contentType) {
	if (contentType === 'application/x-www-form-urlencoded') return `a=${'x'.repeat(SIXTEEN_MB - 16)}`;
	const member = `"k":[${'"a",'.repeat(4000)}"a"]`;
	const count = Math.floor((SIXTEEN_MB - 1024) / (member.length + 8));
	return `{${Array.from({ length: count }, (_, index) => member.replace('"k"', `"k${index}"`)).join(',')}}`;
}

async function timeCase(hook, notification, reps, expected) {
	const cpu = [];
	const wall = [];
	for (let rep = 0; rep < reps + 1; rep++) {
		const started = process.hrtime.bigint();
		const response = await fetch(hook.url, {
			method: 'POST',
			headers: { 'content-type': notification.contentType, ...notification.headers },
			body: notification.body,
		});
		await response.arrayBuffer();
		const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
		if (response.status !== expected) throw new Error(`Expected HTTP ${expected}, got ${response.status}`);
		if (rep === 0) continue; // warm-up
		wall.push(elapsed);
		cpu.push(hook.cpu.at(-1));
	}
	return { cpu: median(cpu), wall: median(wall) };
}

/** Measures both triggers; returns rows for `table`. */
async function measureNotifications({ reps = 11, say = () => {} } = {}) {
	const { KINDS, receiverFor, closeReceivers } = require('../test/helpers/fixtures');
	const parameters = { confirmWithProvider: false, ignoreRepeats: false };
	const rows = [];
	try {
		for (const [kind, label] of [
			['aaioPayment', 'Aaio Trigger (order paid)'],
			['moruneInvoice', 'Morune Trigger (invoice)'],
		]) {
			const hook = await receiverFor(kind, { parameters });
			const genuine = KINDS[kind].build();
			const unsigned = {
				contentType: genuine.contentType,
				body: unsignedBody(genuine.contentType),
				headers: { 'x-api-sha256-signature': 'a'.repeat(64) },
			};
			say(`  ${label}`);
			const before = hook.executions.length;
			const verified = await timeCase(hook, genuine, reps, 200);
			if (hook.executions.length - before !== reps + 1) throw new Error(`${label}: not every genuine notification started`);
			const refused = await timeCase(hook, unsigned, Math.min(reps, 5), 413);
			rows.push({ label, verified, refused, bodyBytes: Buffer.byteLength(unsigned.body) });
		}
	} finally {
		await closeReceivers();
	}
	return rows;
}

function table(rows) {
	if (!rows?.length) return '';
	const fixed = (value, digits = 2) => (value === undefined ? '' : value.toFixed(digits));
	return [
		'Notification triggers, one notification over loopback (medians; webhook() CPU is what the trigger costs, the wall time includes sending the body and n8n parsing it):',
		'',
		'| Trigger | Genuine: webhook() CPU (ms) | Genuine: request wall (ms) | Unsigned 16 MB: webhook() CPU (ms) | Unsigned 16 MB: request wall (ms) |',
		'|---|--:|--:|--:|--:|',
		...rows.map(
			(row) =>
				`| ${row.label} | ${fixed(row.verified.cpu)} | ${fixed(row.verified.wall)} | ${fixed(row.refused.cpu)} | ${fixed(row.refused.wall, 0)} |`,
		),
	].join('\n');
}

module.exports = { measureNotifications, table };

if (require.main === module) {
	measureNotifications({ reps: 11, say: (line) => process.stdout.write(`${line}\n`) }).then(
		(rows) => process.stdout.write(`${table(rows)}\n`),
		(error) => {
			process.stderr.write(`${error.stack ?? error}\n`);
			process.exitCode = 1;
		},
	);
}
