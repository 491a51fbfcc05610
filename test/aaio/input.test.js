'use strict';
// Unit tests of what the Aaio node reads and sends, from the compiled package: the amount check
// (nodes/shared/validate.ts with aaio's settings), and how aaio's answers become clean items of
// the shared schemas (nodes/shared/shape.ts with nodes/Aaio/entities.ts). (The signature's test
// vectors are in signatures.test.js, and end to end, as the fake received the request, in
// aaio-operations.test.js.)
const { amount } = require('../../dist/nodes/shared/validate');
const { codedEntries, isoDate, listEntries, shapeEntity } = require('../../dist/nodes/shared/shape');
const { PAYMENT, PAYMENT_METHOD, PAYOUT, PAYOUT_METHOD, SBP_BANK } = require('../../dist/nodes/Aaio/entities');
const { aaio } = require('../../dist/nodes/Aaio/provider');

const context = { timeZone: aaio.timeZone };

/** The Amount check of aaio's operations: the text that is sent (and signed), or the problem. */
function sendAmount(value) {
	const fields = { amount: value };
	const problem = amount(aaio, 'amount', 'Amount')(fields);
	return problem === undefined ? { amount: fields.amount } : { problem, sent: fields.amount };
}

describe('the Amount check gives the text that is sent and signed, and refuses what aaio would', () => {
	test.each([
		['100', '100'],
		['100.50', '100.5'],
		['100.00', '100'],
		[' 100.5 ', '100.5'],
		[1500.5, '1500.5'],
		[100, '100'],
		['0.01', '0.01'],
	])('%j → %j, a text (aaio takes a form)', (value, sent) => {
		expect(sendAmount(value)).toEqual({ amount: sent });
	});

	test.each([
		['100,50', 'The Amount "100,50" has a comma'],
		['1,500.50', 'The Amount "1,500.50" has a comma'],
		['', 'The Amount is empty: enter an amount such as 100 or 100.50.'],
		[undefined, 'The Amount is empty'],
		['abc', 'The Amount "abc" is not a number such as 100 or 100.50.'],
		['1e3', 'The Amount "1e3" is in exponent notation: write it as a plain decimal number, 1000.'],
		['10.999', 'The Amount "10.999" has 3 digits after the decimal point, and aaio takes at most 2'],
		[1.005 * 1000, 'here that gives 1005.00'],
		['100.', 'is not a number'],
		['-5', 'The Amount "-5" must be more than 0.'],
		['0', 'must be more than 0'],
		['0.00', 'must be more than 0'],
	])('%j is refused: %s', (value, problem) => {
		const result = sendAmount(value);
		expect(result.problem).toContain(problem);
		// What was there is left as it was.
		expect(result.sent).toBe(value);
	});
});

describe('isoDate reads aaio’s dates in Moscow time', () => {
	test('aaio’s zone is UTC+3', () => {
		expect(aaio.timeZone).toBe('+03:00');
	});

	test.each([
		['2026-11-20 10:15:02', '2026-11-20T07:15:02.000Z'],
		['2026-11-20T10:15:02', '2026-11-20T07:15:02.000Z'],
		[' 2026-11-20 10:15:02 ', '2026-11-20T07:15:02.000Z'],
		['2026-11-20 10:15', '2026-11-20T07:15:00.000Z'],
		// Past midnight in Moscow is the day before in UTC.
		['2026-11-20 01:30:00', '2026-11-19T22:30:00.000Z'],
		['2026-01-01 00:00:00', '2025-12-31T21:00:00.000Z'],
		// A text with its own offset keeps it.
		['2026-11-20T10:15:02+05:00', '2026-11-20T05:15:02.000Z'],
		['2026-11-20T10:15:02Z', '2026-11-20T10:15:02.000Z'],
	])('%j → %j', (value, iso) => {
		expect(isoDate(value, aaio.timeZone)).toBe(iso);
	});

	test.each([['yesterday'], ['20.11.2026 10:15:02'], ['2026-13-01 10:00:00'], ['2026-11-20 10:15:61'], [1796130538], [null]])(
		'%j is not a date',
		(value) => {
			expect(isoDate(value, aaio.timeZone)).toBeUndefined();
		},
	);
});

describe('shapeEntity makes clean items', () => {
	const table = { id: ['id', 'text'], amount: ['amount', 'amount'], fee: ['fee', 'amount?'], limits: ['min', 'amounts?'] };

	test('numeric strings become numbers, absent optional fields null', () => {
		expect(shapeEntity({ id: 7, amount: '12.50', min: { RUB: '10', USD: 0.15 } }, table, context)).toEqual({
			item: { id: '7', amount: 12.5, fee: null, limits: { RUB: 10, USD: 0.15 } },
		});
	});

	test.each([
		[{ amount: 1 }, 'id'],
		[{ id: 'a', amount: 'n/a' }, 'amount'],
		[{ id: 'a', amount: 1, fee: 'free' }, 'fee'],
		[{ id: 'a', amount: 1, min: { RUB: 'x' } }, 'min'],
	])('%j names the wrong field %s', (body, field) => {
		expect(shapeEntity(body, table, context)).toEqual({ missing: field });
	});

	test('lists keyed by code become entries with their code; PHP’s empty [] is no entry', () => {
		expect(codedEntries({ sbp: { name: 'СБП' } })).toEqual([{ name: 'СБП', code: 'sbp' }]);
		expect(codedEntries([])).toEqual([]);
		expect(codedEntries(undefined)).toBeUndefined();
		expect(codedEntries('x')).toBeUndefined();
		expect(listEntries(['91.107.204.74'])).toEqual([{ value: '91.107.204.74' }]);
		expect(listEntries([{ bankId: '1' }])).toEqual([{ bankId: '1' }]);
		expect(listEntries('x')).toBeUndefined();
		expect(listEntries({})).toBeUndefined();
	});
});

describe('aaio’s entity tables', () => {
	/** An aaio order as /api/info-pay answers it (aaio's docs' example, in the sandbox's values). */
	const ORDER = {
		id: '2a6ad5c4-9b1c-4e3e-8f53-0c1e1b7f2d11',
		order_id: 'crm-1001',
		desc: 'Заказ #1001',
		merchant_id: 'f56b279c-d250-11ed-afa1-0242ac120002',
		merchant_domain: 'shop.example',
		method: 'cards_ru',
		amount: '1500.00',
		currency: 'RUB',
		profit: 1447.5,
		commission: 52.5,
		commission_client: 0,
		commission_type: '100:0',
		email: 'buyer@example.com',
		status: 'hold',
		date: '2026-11-20 10:15:02',
		expired_date: '2026-11-21 10:15:02',
		complete_date: null,
		us_vars: { user: '1' },
	};

	test('an order is a payment: paid when aaio holds it, dates in UTC, aaio’s own fields under aaio', () => {
		expect(shapeEntity(ORDER, PAYMENT, context)).toEqual({
			item: {
				id: '2a6ad5c4-9b1c-4e3e-8f53-0c1e1b7f2d11',
				orderId: 'crm-1001',
				status: 'paid',
				providerStatus: 'hold',
				amount: 1500,
				currency: 'RUB',
				paymentUrl: null,
				method: 'cards_ru',
				createdAt: '2026-11-20T07:15:02.000Z',
				expiresAt: '2026-11-21T07:15:02.000Z',
				paidAt: null,
				commission: 52.5,
				credited: 1447.5,
				aaio: {
					description: 'Заказ #1001',
					email: 'buyer@example.com',
					commissionClient: 0,
					commissionType: '100:0',
					merchantId: 'f56b279c-d250-11ed-afa1-0242ac120002',
					merchantDomain: 'shop.example',
					userVariables: { user: '1' },
				},
			},
		});
	});

	test('a payout: aaio’s cancel is cancelled, with its reason; the amounts in RUB', () => {
		const payoff = {
			id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
			my_id: 'payout-0001',
			method: 'tether_trc20',
			wallet: 'TXyz',
			amount: 485,
			amount_in_currency: '5.21',
			amount_currency: 'USDT',
			amount_rate: 93.1,
			amount_down: '500.00',
			commission: 15,
			commission_type: '0',
			status: 'cancel',
			cancel_message: 'Неверный кошелёк',
			date: '2026-11-19 10:00:00',
			complete_date: '2026-11-19 10:02:31',
		};
		expect(shapeEntity(payoff, PAYOUT, context)).toEqual({
			item: {
				id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
				orderId: 'payout-0001',
				status: 'cancelled',
				providerStatus: 'cancel',
				amount: 485,
				amountDebited: 500,
				commission: 15,
				method: 'tether_trc20',
				wallet: 'TXyz',
				currency: 'RUB',
				createdAt: '2026-11-19T07:00:00.000Z',
				completedAt: '2026-11-19T07:02:31.000Z',
				cancelReason: 'Неверный кошелёк',
				aaio: { commissionType: 0, amountInCurrency: 5.21, amountCurrency: 'USDT', amountRate: 93.1 },
			},
		});
	});

	test('a payout without an ID or a status is unreadable', () => {
		expect(shapeEntity({ my_id: 'x', status: 'success' }, PAYOUT, context)).toEqual({ missing: 'id' });
		expect(shapeEntity({ id: 'x' }, PAYOUT, context)).toEqual({ missing: 'status' });
	});

	test('payment methods have limits per currency; payout methods have theirs in RUB', () => {
		const [method] = codedEntries({ sbp: { name: 'СБП', min: { RUB: '10' }, max: { RUB: 300000 }, commission_percent: '2.5' } });
		expect(shapeEntity(method, PAYMENT_METHOD, context)).toEqual({
			item: {
				code: 'sbp',
				name: 'СБП',
				enabled: true,
				min: { RUB: 10 },
				max: { RUB: 300000 },
				commissionPercent: 2.5,
				commissionFixed: null,
				aaio: { commissionUserPercent: null, commissionMerchantPercent: null, commissionType: null },
			},
		});
		const [payoutMethod] = codedEntries({ cards_ru: { name: 'Банковская карта РФ', min: '1000', max: 100000, commission_percent: 2.5, commission_sum: 50 } });
		expect(shapeEntity(payoutMethod, PAYOUT_METHOD, context)).toEqual({
			item: {
				code: 'cards_ru',
				name: 'Банковская карта РФ',
				enabled: true,
				min: { RUB: 1000 },
				max: { RUB: 100000 },
				commissionPercent: 2.5,
				commissionFixed: 50,
			},
		});
		expect(shapeEntity({ code: 'x', min: 'ten' }, PAYOUT_METHOD, context)).toEqual({ missing: 'min' });
	});

	test('an SBP bank', () => {
		expect(shapeEntity({ bankId: 100000000111, bankName: 'Сбербанк' }, SBP_BANK, context)).toEqual({
			item: { id: '100000000111', name: 'Сбербанк', icon: null },
		});
		expect(shapeEntity({ bankId: '100000000111' }, SBP_BANK, context)).toEqual({ missing: 'bankName' });
	});
});
