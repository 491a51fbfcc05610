import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { readAmounts, readCurrency } from '../shared/balance';
import { toAmount } from '../shared/money';
import type { BalanceApi, NormalizedBalance } from '../shared/balance';
import type { Simplified } from '../shared/shape';
import { bounded } from '../shared/text';
import { findBaseUrlProblem, findSecretProblem } from '../shared/provider';
import type { Provider } from '../shared/provider';
import type { CredentialNeed, RequestFromCredentials } from '../shared/operation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many of morune's field errors a message names; it counts the rest. */
const SHOWN_ERRORS = 3;

/**
 * morune's `error` is a string, a list, or an object of field errors: one readable line that
 * names the first few (each cut to a sensible length) and counts the others.
 */
export function formatMoruneError(error: unknown): string {
	if (typeof error === 'string') return bounded(error, 100);
	if (typeof error === 'number' || typeof error === 'boolean') return String(error);
	if (typeof error !== 'object' || error === null) return '';
	const entries: Array<[string | undefined, unknown]> = Array.isArray(error)
		? error.map((problem) => [undefined, problem])
		: Object.entries(error);
	const shown = entries
		.slice(0, SHOWN_ERRORS)
		.map(([field, problem]) => {
			const text = formatMoruneError(problem);
			return field === undefined ? text : `${bounded(field, 60)}: ${text}`;
		})
		.filter(Boolean);
	const more = entries.length - SHOWN_ERRORS;
	return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** What shop operations (invoices, payment tariffs) need besides the required fields. */
export const SHOP_NEEDS: CredentialNeed[] = [
	{ field: 'shopId', label: 'Shop ID' },
	{ field: 'shopSecretKey', label: 'Shop Secret Key' },
];

const isEmpty = (value: unknown) => String(value ?? '').trim() === '';

/** The shop fields are optional, but when filled in they must be usable. */
function findShopProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	const { shopId, shopSecretKey } = credentials;
	if (!isEmpty(shopId) && (typeof shopId !== 'string' || !UUID.test(shopId))) {
		return (
			'The shop ID in the Morune API credential must be the shop UUID ' +
			'(like 9a4b3c2d-56f3-11ee-8c99-0242ac120002), from Cash registers → Integration in the morune cabinet.'
		);
	}
	if (!isEmpty(shopSecretKey)) return findSecretProblem(morune, 'shop secret key', shopSecretKey);
	return undefined;
}

export const morune: Provider = {
	name: 'morune',
	credentialType: 'moruneApi',
	timeZone: '+03:00',
	defaultBaseUrl: 'https://api.morune.com',
	formBodies: false,
	credentialDisplayName: 'Morune API',
	secretFields: ['secretKey', 'shopSecretKey', 'shopWebhookSecret', 'userWebhookSecret'],
	credentialHint:
		'The user ID and the secret key are in the morune cabinet under Profile settings → Integration; the shop ID and the shop secret key under Cash registers → Integration.',

	findCredentialProblem(credentials: ICredentialDataDecryptedObject) {
		const userId = credentials.userId;
		if (typeof userId !== 'string' || !UUID.test(userId)) {
			return (
				'The user ID in the Morune API credential must be the account UUID ' +
				'(like 0a371bbe-56f3-11ee-8c99-0242ac120002), from Profile settings → Integration in the morune cabinet.'
			);
		}
		return (
			findSecretProblem(morune, 'secret key', credentials.secretKey) ??
			findShopProblem(credentials) ??
			findBaseUrlProblem(morune, credentials.baseUrl)
		);
	},

	// morune answers {"data": {...}, "status": 200, "status_check": true} or
	// {"data": null, "error": <string | list | object>, "status": <code>, "status_check": false}.
	readBodyError(body: IDataObject) {
		if (body.status_check === true) return undefined;
		const message =
			formatMoruneError(body.error) || 'the answer does not say status_check: true';
		const code = toAmount(body.status);
		return { message, code: code !== undefined && Number.isInteger(code) ? code : undefined };
	},
};

/** morune's balance: `active_balance` is available, `freeze_balance` frozen, `balance` the total. */
export function normalizeMoruneBalance(
	body: IDataObject,
	{ checkedAt }: { checkedAt: string },
): Simplified {
	const read = readAmounts(body.data, ['balance', 'active_balance', 'freeze_balance'] as const);
	if ('missing' in read) return { missing: `data.${read.missing}` };
	const { balance, active_balance, freeze_balance } = read.amounts;
	const currency = readCurrency((body.data as IDataObject).currency, 'RUB');
	if (currency === undefined) return { missing: 'data.currency' };
	const item: NormalizedBalance = {
		provider: 'morune',
		currency,
		available: active_balance,
		frozen: freeze_balance,
		referral: null,
		total: balance,
		checkedAt,
	};
	return { item };
}

/** morune's balance: GET /account/users/{userId}/balance, the user ID from the credential. */
export const moruneBalanceApi: BalanceApi = {
	provider: morune,
	method: 'GET',
	path: (credentials) => `/account/users/${encodeURIComponent(String(credentials.userId))}/balance`,
	normalize: normalizeMoruneBalance,
};

/** Puts the credential's user ID where an account endpoint wants it. */
export const userIdIn =
	(place: 'qs' | 'body'): RequestFromCredentials =>
	(credentials) => ({ [place]: { user_id: credentials.userId } });

/** Puts the credential's shop ID where a shop endpoint wants it. */
export const shopIdIn =
	(place: 'qs' | 'body'): RequestFromCredentials =>
	(credentials) => ({ [place]: { shop_id: credentials.shopId } });
