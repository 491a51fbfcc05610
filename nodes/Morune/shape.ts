import type { IDataObject } from 'n8n-workflow';

import { toAmount } from '../shared/balance';
import type { OutputShape, Simplified } from '../shared/output';

/** What a clean item of one morune entry needs. */
export interface EntryFields {
	/** Amounts and percentages: JSON numbers in the clean item, even when morune sends strings. */
	numbers?: readonly string[];
	/** Fields without which the entry cannot be read. */
	required?: readonly string[];
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/** One entry as a clean item: amounts as numbers, the required fields checked. */
export function cleanEntry(entry: unknown, fields: EntryFields, where: string): Simplified {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { missing: where };
	const { numbers = [], required = [] } = fields;
	const item: IDataObject = { ...(entry as IDataObject) };
	for (const field of required) {
		if (isBlank(item[field])) return { missing: `${where}.${field}` };
	}
	for (const field of numbers) {
		if (isBlank(item[field])) continue;
		const amount = toAmount(item[field]);
		if (amount !== undefined) item[field] = amount;
		else if (required.includes(field)) return { missing: `${where}.${field}` };
	}
	return { item };
}

/** An answer `{"data": {…}}`: with Simplify on, one clean item of `data`. */
export function dataObject(fields: EntryFields): OutputShape {
	return { simplify: (body) => cleanEntry(body.data, fields, 'data') };
}

/** An answer `{"data": {"<list>": […]}}`: with Simplify on, one clean item per entry. */
export function dataList(list: string, fields: EntryFields): OutputShape {
	return {
		entries: (body) => {
			const data = body.data as IDataObject | null | undefined;
			const entries = data?.[list];
			return Array.isArray(entries) ? (entries as IDataObject[]) : { missing: `data.${list}` };
		},
		simplify: (entry) => cleanEntry(entry, fields, `data.${list}[]`),
	};
}

export const CREATED_INVOICE: EntryFields = { numbers: ['amount'], required: ['id', 'url'] };

export const INVOICE: EntryFields = {
	numbers: [
		'invoice_amount',
		'credited',
		'commission_amount',
		'commission_percent',
		'shop_commission_amount',
		'user_commission_amount',
		'user_commission_percent',
	],
	required: ['invoice_id', 'status'],
};

export const TARIFF: EntryFields = {
	numbers: ['percent', 'fix', 'minSum', 'maxSum', 'shopPercent', 'userPercent'],
	required: ['service', 'status'],
};

/** Nothing is required: a payout that was created is reported whatever its answer lacks. */
export const CREATED_PAYOUT: EntryFields = { numbers: ['amount_withdraw_rub', 'balance'] };

export const PAYOUT: EntryFields = {
	numbers: ['amount', 'amount_withdraw_rub', 'commission_rub', 'amount_receive'],
	required: ['payoff_id', 'status'],
};

export const SBP_BANK: EntryFields = { required: ['id', 'name'] };
