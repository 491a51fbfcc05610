'use strict';
// Unit tests of the Aaio node's helpers, from the compiled package: the amount reader and the
// clean-field reader. (The signature's test vectors are in signatures.test.js, and end to end,
// as the fake received the request, in aaio-operations.test.js.)
const { readAmount } = require('../dist/nodes/Aaio/preSend');
const { codedEntries, listEntries, readFields } = require('../dist/nodes/Aaio/fields');

describe('readAmount gives the text that is sent and signed, and refuses what aaio would', () => {
	test.each([
		['100', '100'],
		['100.50', '100.5'],
		['100.00', '100'],
		[' 100.5 ', '100.5'],
		[1500.5, '1500.5'],
		['0.01', '0.01'],
	])('%j → %j', (value, amount) => {
		expect(readAmount(value)).toEqual({ amount });
	});

	test.each([
		['100,50', 'has a comma'],
		['1,500.50', 'has a comma'],
		['', 'is empty'],
		[undefined, 'is empty'],
		['abc', 'is not a number such as 100 or 100.50'],
		['1e3', 'is in exponent notation: write it as a plain decimal number, 1000'],
		['10.999', 'has 3 digits after the decimal point'],
		[1.005 * 1000, 'here that gives 1005.00'],
		['100.', 'is not a number'],
		['-5', 'must be more than 0'],
		['0', 'must be more than 0'],
		['0.00', 'must be more than 0'],
	])('%j is refused: %s', (value, problem) => {
		expect(readAmount(value).problem).toContain(problem);
	});
});

describe('readFields makes clean items', () => {
	const table = { id: ['id', 'text'], amount: ['amount', 'amount'], fee: ['fee', 'amount?'], limits: ['min', 'amounts?'] };

	test('numeric strings become numbers, absent optional fields null', () => {
		expect(readFields({ id: 7, amount: '12.50', min: { RUB: '10', USD: 0.15 } }, table)).toEqual({
			item: { id: '7', amount: 12.5, fee: null, limits: { RUB: 10, USD: 0.15 } },
		});
	});

	test.each([
		[{ amount: 1 }, 'id'],
		[{ id: 'a', amount: 'n/a' }, 'amount'],
		[{ id: 'a', amount: 1, fee: 'free' }, 'fee'],
		[{ id: 'a', amount: 1, min: { RUB: 'x' } }, 'min'],
	])('%j names the wrong field %s', (body, field) => {
		expect(readFields(body, table)).toEqual({ missing: field });
	});

	test('lists keyed by code become entries with their code; PHP’s empty [] is no entry', () => {
		expect(codedEntries({ list: { sbp: { name: 'СБП' } } })).toEqual([{ name: 'СБП', code: 'sbp' }]);
		expect(codedEntries({ list: [] })).toEqual([]);
		expect(codedEntries({})).toEqual({ missing: 'list' });
		expect(listEntries({ list: ['91.107.204.74'] })).toEqual([{ value: '91.107.204.74' }]);
		expect(listEntries({ list: 'x' })).toEqual({ missing: 'list' });
	});
});
