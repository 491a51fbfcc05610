'use strict';
// Money amounts, one rule for both providers (nodes/shared/money.ts): the reader on its own, then
// every operation that sends an amount (Payment → Create and Payout → Create of both nodes), run
// by n8n's engine against the fake API: what is sent (and, for aaio's payment URL, signed) for a
// good amount, and for a bad one that nothing was sent and what the user is told.
const { readMoney, moneyText, sameMoney } = require('../../dist/nodes/shared/money');
const { aaioOrderSignature } = require('../../dist/nodes/shared/signatures');
const { SANDBOX, useFakeApi, runAaio, withoutProbes } = require('../helpers/fixtures');
const { runOperation } = require('../helpers/fixtures');

const aaioRules = { maxFractionDigits: 2, provider: 'aaio' };
const read = (value) => readMoney(value, 'amount', aaioRules);
const FOUR_HUNDRED_DIGITS = '1'.repeat(400);

describe('readMoney', () => {
	test.each([
		['100', '100'],
		['100.50', '100.5'],
		['100.00', '100'],
		[' 100.5 ', '100.5'],
		['0.01', '0.01'],
		['007.10', '7.1'],
		['100.500', '100.5'],
		['999999999999.99', '999999999999.99'],
		[100, '100'],
		[1e2, '100'],
		[1500.5, '1500.5'],
		[0.01, '0.01'],
		[Number((1.005 * 1000).toFixed(2)), '1005'],
		[(0.1 + 0.2).toFixed(2), '0.3'],
	])('%j is sent as %j', (value, amount) => {
		expect(read(value)).toEqual({ amount });
	});

	test.each([
		// From {{ 1.005 * 1000 }}: the number is not 1005, and its text says so.
		[
			1.005 * 1000,
			'The amount 1004.9999999999999 has 13 digits after the decimal point, and aaio takes at most 2: it is floating-point noise from a calculation (0.1 + 0.2 gives 0.30000000000000004). Round it in the expression with .toFixed(2), e.g. {{ ($json.amount * 1.2).toFixed(2) }}; here that gives 1005.00.',
		],
		[0.1 + 0.2, 'The amount 0.30000000000000004 has 17 digits after the decimal point, and aaio takes at most 2: it is floating-point noise'],
		[10.999, 'The amount 10.999 has 3 digits after the decimal point, and aaio takes at most 2'],
		['10.999', 'The amount "10.999" has 3 digits after the decimal point, and aaio takes at most 2: write the amount you mean, e.g. 11.00 (if it comes from an expression, round it there with .toFixed(2)).'],
		['0.005', 'e.g. 0.01'],
		['99.995', 'e.g. 100.00'],
		['1.0001', 'e.g. 1.00'],
		['1e2', 'The amount "1e2" is in exponent notation: write it as a plain decimal number, 100.'],
		['1E-3', 'The amount "1E-3" is in exponent notation: write it as a plain decimal number, 0.001.'],
		[FOUR_HUNDRED_DIGITS, 'The amount "1111111111111111…1111" (400 characters) is too large: it has 400 digits before the decimal point, and aaio takes at most 12.'],
		['1000000000000', 'it has 13 digits before the decimal point, and aaio takes at most 12'],
		[1e15, 'The amount 1000000000000000 is too large: it has 16 digits before the decimal point'],
		[2 ** 53 + 2, 'The amount 9007199254740994 is too large: aaio takes at most 12 digits before the decimal point.'],
		[1e21, 'The amount 1e+21 is too large'],
		[1e-7, 'The amount 1e-7 has more than 2 digits after the decimal point'],
		['-5', 'The amount "-5" must be more than 0.'],
		[-5, 'The amount -5 must be more than 0.'],
		['0', 'The amount "0" must be more than 0.'],
		['0.00', 'The amount "0.00" must be more than 0.'],
		[0, 'The amount 0 must be more than 0.'],
		[-0, 'The amount 0 must be more than 0.'],
		['', 'The amount is empty: enter an amount such as 100 or 100.50.'],
		['   ', 'The amount is empty'],
		[undefined, 'The amount is empty'],
		[null, 'The amount is empty'],
		['1 000', 'The amount "1 000" has spaces: write it without spaces or thousands separators, as 1000.'],
		['1\u00a0000,50', 'has spaces'],
		['1000,50', 'The amount "1000,50" has a comma: write it with a point as the decimal separator and no thousands separator, as 1000.50.'],
		['1,500.50', 'has a comma: write it with a point as the decimal separator and no thousands separator (1500.50, not 1500,50 or 1,500.50).'],
		['+5', 'The amount "+5" has a sign: write it without one, as 5.'],
		['сто', 'The amount "сто" is not a number such as 100 or 100.50.'],
		['100.', 'is not a number'],
		['.5', 'is not a number'],
		['0x10', 'is not a number'],
		[NaN, 'The amount NaN is not an amount'],
		[Infinity, 'The amount Infinity is not an amount'],
		[true, 'The amount is not an amount such as 100 or 100.50 (got true).'],
		[{ value: 5 }, 'is not an amount'],
	])('%j is refused: %s', (value, problem) => {
		const result = read(value);
		expect(result.amount).toBeUndefined();
		expect(result.problem).toContain(problem);
	});

	test('the label and the provider are the caller’s', () => {
		expect(readMoney('-1', 'Amount', { provider: 'morune' }).problem).toBe('The Amount "-1" must be more than 0.');
		expect(readMoney('1.234', 'Amount', { provider: 'morune' }).problem).toContain('and morune takes at most 2');
	});

	test('more fraction digits can be allowed, and the integer digits shrink to keep 15 significant digits', () => {
		expect(readMoney('0.00012345', 'amount', { maxFractionDigits: 8 })).toEqual({ amount: '0.00012345' });
		expect(readMoney('12345678', 'amount', { maxFractionDigits: 8 }).problem).toContain('takes at most 7');
	});

	test('the sent text is always the text of the number it stands for', () => {
		for (const text of ['0.1', '0.3', '1004.99', '999999999999.99', '123456789012.34', '100.5']) {
			const { amount } = read(text);
			expect(String(Number(amount))).toBe(amount);
			expect(JSON.stringify({ amount: Number(amount) })).toBe(`{"amount":${amount}}`);
		}
	});
});

describe('moneyText and sameMoney compare an echoed amount with the one sent', () => {
	test.each([
		[1000, '1000.00', true],
		['485.5', 485.5, true],
		['1004.99', 1004.99, true],
		[1000, 1000.01, false],
		['1000', '1000.001', false],
		[null, null, false],
		['abc', 'abc', false],
	])('%j and %j: %s', (a, b, same) => {
		expect(sameMoney(a, b)).toBe(same);
	});

	test('moneyText', () => {
		expect(moneyText('0100.10')).toBe('100.1');
		expect(moneyText(0)).toBe('0');
		expect(moneyText(-1)).toBeUndefined();
		expect(moneyText(0.1 + 0.2)).toBeUndefined();
	});
});

const fake = useFakeApi();
const AAIO = SANDBOX.aaio;
const formOf = (request) => Object.fromEntries(new URLSearchParams(request.body));

function runAaioWith(parameters) {
	const { apiKey, merchantId, secretKey1, secretKey2, payoutSecret } = AAIO;
	return runAaio(fake.api, {
		parameters,
		credentials: { aaioApi: { apiKey, merchantId, secretKey1, secretKey2, payoutSecret, baseUrl: fake.api.url } },
	});
}

/** Each operation that sends an amount: how to run it, and how to read the amount it sent. */
const OPERATIONS = [
	{
		name: 'aaio Payment → Create',
		label: 'Amount',
		provider: 'aaio',
		run: (amount) => runAaioWith({ resource: 'payment', operation: 'create', orderId: 'crm-9001', amount, currency: 'RUB' }),
		sent: (request) => formOf(request).amount,
	},
	{
		name: 'aaio Payout → Create',
		label: 'Amount',
		provider: 'aaio',
		run: (amount) =>
			runAaioWith({ resource: 'payout', operation: 'create', orderId: 'payout-9001', method: 'cards_ru', amount, wallet: '2200700098765432' }),
		sent: (request) => formOf(request).amount,
		// The sandbox refuses a cards_ru payout under 1000 RUB, as aaio does: such an amount is sent, then refused.
		minimum: 1000,
	},
	{
		name: 'morune Payment → Create',
		label: 'Amount',
		provider: 'morune',
		run: (amount) => runOperation(fake.api, { parameters: { resource: 'payment', operation: 'create', amount, orderId: 'order-9001' } }),
		sent: (request) => JSON.parse(request.body).amount,
		raw: (request) => /"amount":([^,}]*)/.exec(request.body)[1],
	},
	{
		name: 'morune Payout → Create',
		label: 'Amount',
		provider: 'morune',
		run: (amount) =>
			runOperation(fake.api, {
				parameters: { resource: 'payout', operation: 'create', amount, method: 'card', wallet: '5536910012345678', orderId: 'payout-9001' },
			}),
		sent: (request) => JSON.parse(request.body).amount,
		raw: (request) => /"amount":([^,}]*)/.exec(request.body)[1],
	},
];

/** The parameter value, the problem the user is told (after "The amount" / "The Amount"). */
const REFUSED = [
	['={{ 1.005 * 1000 }}', ' 1004.9999999999999 has 13 digits after the decimal point, and {provider} takes at most 2: it is floating-point noise from a calculation (0.1 + 0.2 gives 0.30000000000000004). Round it in the expression with .toFixed(2), e.g. {{ ($json.amount * 1.2).toFixed(2) }}; here that gives 1005.00.'],
	['={{ 0.1 + 0.2 }}', ' 0.30000000000000004 has 17 digits after the decimal point, and {provider} takes at most 2: it is floating-point noise'],
	['={{ "10.999" }}', ' "10.999" has 3 digits after the decimal point, and {provider} takes at most 2: write the amount you mean, e.g. 11.00'],
	['={{ 10.999 }}', ' 10.999 has 3 digits after the decimal point'],
	['={{ "1e2" }}', ' "1e2" is in exponent notation: write it as a plain decimal number, 100.'],
	[`={{ "${FOUR_HUNDRED_DIGITS}" }}`, ' "1111111111111111…1111" (400 characters) is too large: it has 400 digits before the decimal point, and {provider} takes at most 12.'],
	['={{ "-5" }}', ' "-5" must be more than 0.'],
	['={{ -5 }}', ' -5 must be more than 0.'],
	['={{ 0 }}', ' 0 must be more than 0.'],
	['={{ "" }}', ' is empty: enter an amount such as 100 or 100.50.'],
	['={{ "1 000" }}', ' "1 000" has spaces: write it without spaces or thousands separators, as 1000.'],
	['={{ "1000,50" }}', ' "1000,50" has a comma: write it with a point as the decimal separator and no thousands separator, as 1000.50.'],
];

describe.each(OPERATIONS)('$name', (operation) => {
	test.each(REFUSED)('%s is refused before anything is sent', async (amount, problem) => {
		const result = await operation.run(amount);

		expect(fake.api.requests).toHaveLength(0);
		const told = `The ${operation.label}${problem.replace('{provider}', operation.provider)}`;
		// The whole sentence where the table gives it, its beginning where it is cut short.
		expect(result.error.message.slice(0, told.length)).toBe(told);
		expect(result.error.description).toMatch(new RegExp(`Nothing was sent to ${operation.provider}\\.`));
	});

	test.each([
		['={{ 1e2 }}', '100', 100],
		['={{ 100 }}', '100', 100],
		['={{ "100.50" }}', '100.5', 100.5],
		['={{ "1004.99" }}', '1004.99', 1004.99],
		['={{ (1.005 * 1000).toFixed(2) }}', '1005', 1005],
		['={{ (0.1 + 0.2).toFixed(2) }}', '0.3', 0.3],
		['={{ 1500.5 }}', '1500.5', 1500.5],
	])('%s is sent as %s', async (amount, text, number) => {
		const result = await operation.run(amount);

		// Sent in every case; a payout under its method's minimum is then refused by the provider.
		const refused = number < (operation.minimum ?? 0);
		expect(result.error?.message).toEqual(refused ? expect.stringMatching(/^aaio rejected the request \(HTTP 400\): Сумма вывода должна быть от/) : undefined);
		// A payout's ID is looked up before it is created: the amount travels in the last request.
		expect(withoutProbes(fake.api.requests).length).toBe(operation.name?.includes('Payout') ? 2 : 1);
		const request = withoutProbes(fake.api.requests).at(-1);
		if (operation.raw) {
			expect(operation.raw(request)).toBe(text);
			expect(operation.sent(request)).toBe(number);
		} else {
			expect(operation.sent(request)).toBe(text);
		}
		// The clean item has the amount as a number.
		expect(result.items.map((item) => item.json.amount)).toEqual(refused ? [] : [number]);
	});
});

test('aaio signs the payment URL over exactly the amount it sends', async () => {
	for (const [amount, sent] of [
		['100.50', '100.5'],
		['={{ 0.1 + 0.2 > 0 ? "0.30" : "" }}', '0.3'],
		['007', '7'],
	]) {
		fake.api.reset();
		const result = await runAaioWith({ resource: 'payment', operation: 'create', orderId: 'crm-9002', amount, currency: 'USD' });

		expect(result.error).toBeUndefined();
		const form = formOf(fake.api.requests[0]);
		expect(form.amount).toBe(sent);
		expect(form.sign).toBe(
			aaioOrderSignature({ merchantId: AAIO.merchantId, amount: sent, currency: 'USD', orderId: 'crm-9002' }, AAIO.secretKey1),
		);
	}
});
