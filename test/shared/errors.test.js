'use strict';
// Unit tests of the small helpers, from the compiled package.
const { sumAmounts, toAmount } = require('../../dist/nodes/shared/money');
const { excerpt, parseRetryAfter } = require('../../dist/nodes/shared/text');
const { formatMoruneError } = require('../../dist/nodes/Morune/provider');
const { normalizeAaioBalance } = require('../../dist/nodes/Aaio/provider');

test('toAmount reads numbers and numeric strings only', () => {
	expect(toAmount(12.5)).toBe(12.5);
	expect(toAmount('1592.03')).toBe(1592.03);
	expect(toAmount(' -3 ')).toBe(-3);
	expect(toAmount('1 592,03')).toBeUndefined();
	expect(toAmount('')).toBeUndefined();
	expect(toAmount(null)).toBeUndefined();
	expect(toAmount(Number.NaN)).toBeUndefined();
});

test('sumAmounts adds without binary floating-point noise', () => {
	expect(0.1 + 0.2).not.toBe(0.3);
	expect(sumAmounts(0.1, 0.2)).toBe(0.3);
	expect(sumAmounts(1592.03, 346.49, 120.5)).toBe(2059.02);
	expect(sumAmounts(1, 2, 3)).toBe(6);
	expect(sumAmounts(0.001, 0.002)).toBe(0.003);
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
	const now = Date.parse('2026-11-23T10:00:00Z');
	expect(parseRetryAfter('30', now)).toBe(30);
	expect(parseRetryAfter('Mon, 23 Nov 2026 10:01:00 GMT', now)).toBe(60);
	expect(parseRetryAfter('Mon, 23 Nov 2026 09:59:00 GMT', now)).toBe(0);
	expect(parseRetryAfter('soon', now)).toBeUndefined();
	expect(parseRetryAfter(undefined, now)).toBeUndefined();
});

test('excerpt strips markup, scripts and styles and shortens', () => {
	expect(excerpt('<html><style>p{}</style><script>x()</script><p>Bad   gateway</p></html>')).toBe('Bad gateway');
	expect(excerpt('a'.repeat(300))).toHaveLength(201);
});

test('formatMoruneError makes one line of a string, a list or field errors', () => {
	expect(formatMoruneError('Ошибка')).toBe('Ошибка');
	expect(formatMoruneError(['a', 'b'])).toBe('a; b');
	expect(formatMoruneError({ amount: ['too small', 'not a number'], wallet: 'bad' })).toBe(
		'amount: too small; not a number; wallet: bad',
	);
	expect(formatMoruneError(null)).toBe('');
});

test('normalizeAaioBalance names the missing field', () => {
	expect(normalizeAaioBalance({ type: 'success', balance: 1, hold: 2 }, { checkedAt: 'now' })).toEqual({ missing: 'referral' });
});

describe('transport failures are named for what happened (nodes/shared/errors.ts)', () => {
	const { transportError, TransportFailure, outcomeOf } = require('../../dist/nodes/shared/errors');
	const { aaio } = require('../../dist/nodes/Aaio/provider');
	const node = { name: 'Aaio', type: 'n8n-nodes-aaio-morune.aaio' };
	const target = { baseURL: 'https://aaio.so', timeoutMs: 10_000 };
	const failure = (code, message = code) => Object.assign(new Error(message), { code });

	test.each([
		['a DNS failure', failure('ENOTFOUND', 'getaddrinfo ENOTFOUND aaio.so'), /^Could not find the aaio server https:\/\/aaio\.so: the DNS lookup failed\./, 'not-sent'],
		['a DNS failure to try again', failure('EAI_AGAIN'), /the DNS lookup failed/, 'not-sent'],
		['a refused connection', failure('ECONNREFUSED'), /^Could not connect to aaio at https:\/\/aaio\.so: the connection was refused\./, 'not-sent'],
		['a certificate n8n does not trust', failure('CERT_HAS_EXPIRED'), /^The secure connection to aaio at https:\/\/aaio\.so failed \(CERT_HAS_EXPIRED\)\./, 'not-sent'],
		['a TLS protocol error', failure('EPROTO'), /^The secure connection to aaio .* failed \(EPROTO\)/, 'not-sent'],
		['a reset', failure('ECONNRESET'), /^The connection to aaio was closed before it answered\./, 'unknown'],
		['the deadline', new TransportFailure('timeout', 'late'), /^aaio did not answer within 10 s\./, 'unknown'],
		['a stall after the headers', new TransportFailure('stalled', 'late'), /^aaio began to answer but did not finish within 10 s\./, 'unknown'],
		['a body cut in the middle', new TransportFailure('cut', 'cut'), /^The connection to aaio was closed in the middle of its answer\./, 'unknown'],
		['a cancelled execution', new TransportFailure('cancelled', 'cancelled'), /^The request to aaio was cancelled because the execution was stopped\./, 'unknown'],
	])('%s', (_, error, message, outcome) => {
		const named = transportError(node, aaio, undefined, error, target);
		expect(named.message).toMatch(message);
		expect(outcomeOf(named)).toBe(outcome);
	});
});
