import type { ICredentialDataDecryptedObject, IDataObject, INodeProperties } from 'n8n-workflow';

import { toAmount } from './money';
import { outputItems } from './output';
import type { Simplified } from './shape';
import type { Provider } from './provider';
import { operationRouting, simplifyProperty } from './operation';

/** Makes the normalized balance item of a provider's balance answer. */
export type BalanceNormalizer = (body: IDataObject, context: { checkedAt: string }) => Simplified;

/**
 * A provider's balance request and how its answer is read: defined once per provider, used
 * by Balance → Get and by the balance trigger alike.
 */
export interface BalanceApi {
	provider: Provider;
	method: 'GET' | 'POST';
	path: (credentials: ICredentialDataDecryptedObject) => string;
	normalize: BalanceNormalizer;
}

/** The one balance item both nodes output with Simplify on. */
export interface NormalizedBalance extends IDataObject {
	provider: Provider['name'];
	/** From the answer when it names one; both providers' balances are documented in RUB. */
	currency: string;
	/** What can be paid out now. */
	available: number;
	/** Held or frozen, not yet available. */
	frozen: number;
	/** The referral balance (aaio only; null for morune). */
	referral: number | null;
	/** Everything the account holds. */
	total: number;
	/** ISO-8601 time of the check. */
	checkedAt: string;
}

/** The currencies the providers hold or pay in (their documents: RUB, USD, EUR, UAH, USDT, BTC). */
const CURRENCIES = ['RUB', 'USD', 'EUR', 'UAH', 'KZT', 'USDT', 'BTC', 'ETH', 'LTC', 'TRX', 'TON'];

/**
 * The currency an answer names, upper-cased; `documented` when it names none. Undefined for a
 * currency that is not one of the providers' (never read as RUB by default).
 */
export function readCurrency(value: unknown, documented: string): string | undefined {
	if (value === undefined || value === null || value === '') return documented;
	const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
	return CURRENCIES.includes(code) ? code : undefined;
}

/** Reads the named amounts of a balance object, or says which one is missing. */
export function readAmounts<K extends string>(
	source: unknown,
	fields: readonly K[],
): { amounts: Record<K, number> } | { missing: K } {
	const object = (typeof source === 'object' && source !== null ? source : {}) as IDataObject;
	const amounts = {} as Record<K, number>;
	for (const field of fields) {
		const amount = toAmount(object[field]);
		if (amount === undefined) return { missing: field };
		amounts[field] = amount;
	}
	return { amounts };
}

/**
 * The action text, which n8n also gives an AI agent as the tool's description: what it does and
 * what it costs. (A constant: the sentence-case lint rule's library drops the punctuation.)
 */
const GET_BALANCE_ACTION = 'Get balance (read only, free)';

/** The Balance resource's operations and fields, the same for both nodes but for the request. */
export function balanceProperties({ provider, method, path, normalize }: BalanceApi): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['balance'] } },
			options: [
				{
					name: 'Get',
					value: 'get',
					action: GET_BALANCE_ACTION,
					description: `Get the current balance of the ${provider.name} account`,
					routing: operationRouting(provider, {
						request: { method },
						fromCredentials: (credentials) => ({ url: path(credentials) }),
						output: outputItems(provider, { simplify: normalize }),
					}),
				},
			],
			default: 'get',
		},
		simplifyProperty(
			['balance'],
			'Whether to return one normalized item (provider, currency, available, frozen, referral, total, checkedAt) instead of the raw API response',
		),
	];
}
