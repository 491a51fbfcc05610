import type { IDataObject } from 'n8n-workflow';

import type { EntityTable } from './shape';

/*
 * The clean items both nodes and both notification triggers output (Simplify on): one schema per
 * entity, the same keys for aaio and morune. Amounts are JSON numbers, dates ISO-8601 in UTC
 * (the providers' own "Y-m-d H:i:s" read in their time zone, see Provider.timeZone), statuses one
 * vocabulary per entity with the provider's own word kept in `providerStatus`, and what only one
 * provider has under a key named after it (`aaio`, `morune`). docs/output.md has a table per
 * entity; test/shared/schemas.test.js checks every operation and trigger event against these.
 */

export type ProviderName = 'aaio' | 'morune';

/** A payment's state: waiting, paid, expired unpaid, refunded, failed; `unknown` for a word the node does not know yet. */
export const PAYMENT_STATUSES = ['pending', 'paid', 'expired', 'refunded', 'failed', 'unknown'] as const;
/** A payout's state: under way, paid out, cancelled (refused or failed: the money stays); `unknown` as above. */
export const PAYOUT_STATUSES = ['pending', 'paid', 'cancelled', 'unknown'] as const;

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** Balance → Get and the balance triggers. */
export interface Balance extends IDataObject {
	provider: ProviderName;
	currency: string;
	/** What can be paid out now. */
	available: number;
	/** Held or frozen, not yet available. */
	frozen: number;
	/** The referral balance (aaio only; null for morune). */
	referral: number | null;
	/** Everything the account holds. */
	total: number;
	checkedAt: string;
}

/** A payment a customer makes: an aaio order, a morune invoice. */
export interface Payment extends IDataObject {
	provider: ProviderName;
	/** The provider's ID of the payment (null where it gives none: aaio's payment URL). */
	id: string | null;
	/** Your order ID. */
	orderId: string | null;
	status: PaymentStatus;
	providerStatus: string | null;
	amount: number | null;
	currency: string | null;
	/** Where the customer pays (Create only). */
	paymentUrl: string | null;
	/** The payment method or service the customer chose. */
	method: string | null;
	createdAt: string | null;
	expiresAt: string | null;
	paidAt: string | null;
	/** The provider's fee, in RUB. */
	commission: number | null;
	/** What reaches the balance, in RUB. */
	credited: number | null;
}

/** A payout from the balance. */
export interface Payout extends IDataObject {
	provider: ProviderName;
	/** The provider's ID of the payout. */
	id: string | null;
	/** Your ID of the payout (aaio's my_id, morune's order_id). */
	orderId: string | null;
	status: PayoutStatus;
	providerStatus: string | null;
	/** The amount asked for, in RUB. */
	amount: number | null;
	/** What left the balance, in RUB. */
	amountDebited: number | null;
	commission: number | null;
	method: string | null;
	wallet: string | null;
	currency: string;
	createdAt: string | null;
	completedAt: string | null;
	/** Why it was cancelled, when the provider says. */
	cancelReason: string | null;
}

/** A way to pay (aaio payment method, morune payment tariff) or to be paid out (aaio payout method). */
export interface PaymentMethod extends IDataObject {
	provider: ProviderName;
	code: string;
	name: string | null;
	enabled: boolean;
	/** The smallest and largest amount, per currency. */
	min: IDataObject | null;
	max: IDataObject | null;
	commissionPercent: number | null;
	commissionFixed: number | null;
}

export interface SbpBank extends IDataObject {
	provider: ProviderName;
	id: string;
	name: string;
	icon: string | null;
}

export interface NotificationIp extends IDataObject {
	provider: ProviderName;
	ip: string;
}

/**
 * A provider's table for an entity, in the schema's key order: the keys `specs` reads, and every
 * other key of the schema null (what an answer does not carry, such as a Create's dates).
 * `provider` is left out: the output adds it.
 */
export function entityTable(entity: keyof typeof SCHEMAS, specs: EntityTable): EntityTable {
	const table: EntityTable = {};
	for (const key of Object.keys(SCHEMAS[entity].keys)) {
		if (key !== 'provider') table[key] = specs[key] ?? { fixed: null };
	}
	for (const [key, spec] of Object.entries(specs)) table[key] ??= spec;
	return table;
}

/**
 * The schemas as data, for tests and documentation: each key's JSON types (`null` where it may
 * be missing), and the status vocabulary.
 */
export const SCHEMAS = {
	balance: {
		keys: {
			provider: 'string',
			currency: 'string',
			available: 'number',
			frozen: 'number',
			referral: 'number|null',
			total: 'number',
			checkedAt: 'string',
		},
	},
	payment: {
		keys: {
			provider: 'string',
			id: 'string|null',
			orderId: 'string|null',
			status: 'string',
			providerStatus: 'string|null',
			amount: 'number|null',
			currency: 'string|null',
			paymentUrl: 'string|null',
			method: 'string|null',
			createdAt: 'string|null',
			expiresAt: 'string|null',
			paidAt: 'string|null',
			commission: 'number|null',
			credited: 'number|null',
		},
		statuses: PAYMENT_STATUSES,
	},
	payout: {
		keys: {
			provider: 'string',
			id: 'string|null',
			orderId: 'string|null',
			status: 'string',
			providerStatus: 'string|null',
			amount: 'number|null',
			amountDebited: 'number|null',
			commission: 'number|null',
			method: 'string|null',
			wallet: 'string|null',
			currency: 'string',
			createdAt: 'string|null',
			completedAt: 'string|null',
			cancelReason: 'string|null',
		},
		statuses: PAYOUT_STATUSES,
	},
	paymentMethod: {
		keys: {
			provider: 'string',
			code: 'string',
			name: 'string|null',
			enabled: 'boolean',
			min: 'object|null',
			max: 'object|null',
			commissionPercent: 'number|null',
			commissionFixed: 'number|null',
		},
	},
	sbpBank: { keys: { provider: 'string', id: 'string', name: 'string', icon: 'string|null' } },
	notificationIp: { keys: { provider: 'string', ip: 'string' } },
} as const;
