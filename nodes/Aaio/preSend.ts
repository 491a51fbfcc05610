import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { routingCredentials } from '../shared/credentials';
import type { MoneyRead } from '../shared/money';
import { readMoney } from '../shared/money';
import { aaioOrderSignature } from '../shared/signatures';
import { aaio } from './provider';

const ORDER_CURRENCIES = ['RUB', 'UAH', 'EUR', 'USD'];
/** The operators aaio takes for `mobile_ru` payouts. */
export const MOBILE_OPERATORS: INodePropertyOptions[] = [
	{ name: 'Beeline', value: 'beeline_ru' },
	{ name: 'MegaFon', value: 'megafon_ru' },
	{ name: 'MTS', value: 'mts_ru' },
	{ name: 'Tele2', value: 'tele2' },
];
/** aaio's rule for order IDs: 1 to 64 letters, digits and `: - _ [ ] |`. */
const ORDER_ID = /^[A-Za-z0-9:_[\]|-]{1,64}$/;

/** A parameter's value as trimmed text ('' for anything that is not a string or a number). */
export function readText(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * An amount as it is to be sent and signed (the shortest decimal text of its value, see
 * shared/money.ts), or the sentence that says what is wrong with it and how to fix it. Every
 * aaio amount (payouts in RUB; orders in RUB, UAH, EUR or USD) takes at most two decimals.
 */
export function readAmount(value: unknown): MoneyRead {
	return readMoney(value, 'amount', { maxFractionDigits: 2, provider: 'aaio' });
}

/** The form body of a request, as the routing built it. */
function formOf(options: IHttpRequestOptions): IDataObject {
	if (typeof options.body !== 'object' || options.body === null) options.body = {};
	return options.body as IDataObject;
}

function inputError(context: IExecuteSingleFunctions, message: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, {
		itemIndex: context.getItemIndex(),
		description: 'Fix the node parameter. Nothing was sent to aaio.',
	});
}

/**
 * Sets a checked amount into the body, or refuses it. The text put there is what is sent and,
 * for a payment URL, what signPaymentUrl signs.
 */
function putAmount(context: IExecuteSingleFunctions, body: IDataObject): void {
	const read = readAmount(body.amount);
	if ('problem' in read) throw inputError(context, read.problem);
	body.amount = read.amount;
}

/** Order → Create Payment URL: the order ID, amount and currency aaio would refuse. */
export async function checkOrderInput(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = formOf(options);
	const orderId = readText(body.order_id);
	if (!ORDER_ID.test(orderId)) {
		throw inputError(
			this,
			`The order ID "${orderId}" is not valid: aaio accepts 1 to 64 Latin letters, digits and the characters : - _ [ ] |.`,
		);
	}
	body.order_id = orderId;
	putAmount(this, body);
	if (!ORDER_CURRENCIES.includes(String(body.currency))) {
		throw inputError(
			this,
			`The currency "${String(body.currency)}" is not one aaio takes for orders: use ${ORDER_CURRENCIES.join(', ')}.`,
		);
	}
	return options;
}

/** Puts the credential's Merchant ID into the body. */
export async function addMerchantId(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const credentials = await routingCredentials(this, aaio);
	const merchantId = readText(credentials.merchantId);
	// When it is empty, sendRequest refuses the request and names the field.
	if (merchantId) formOf(options).merchant_id = merchantId;
	return options;
}

/**
 * Signs a payment URL request over the body exactly as it is sent: it runs after the amount
 * and the Merchant ID are in their final form.
 */
export async function signPaymentUrl(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const credentials = await routingCredentials(this, aaio);
	const secret = readText(credentials.secretKey1);
	const body = formOf(options);
	// Without a key or a Merchant ID, sendRequest refuses the request and names the field.
	if (secret && body.merchant_id !== undefined) {
		body.sign = aaioOrderSignature(
			{
				merchantId: String(body.merchant_id),
				amount: String(body.amount),
				currency: String(body.currency),
				orderId: String(body.order_id),
			},
			secret,
		);
	}
	return options;
}

/**
 * Payout → Create: everything aaio would refuse, refused before any money moves. Bank and
 * operator are sent only with the method that uses them.
 */
export async function checkPayoutInput(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = formOf(options);
	const myId = readText(body.my_id);
	if (!myId) {
		throw inputError(
			this,
			'My ID is empty: give every payout an ID of your own, so that it can be found again if its answer is lost.',
		);
	}
	body.my_id = myId;
	const method = readText(body.method);
	if (!method) throw inputError(this, 'The payout method is empty.');
	body.method = method;
	putAmount(this, body);
	const wallet = readText(body.wallet);
	if (!wallet) throw inputError(this, 'The wallet is empty.');
	if (/\s/.test(wallet)) {
		throw inputError(
			this,
			`The wallet "${wallet}" contains spaces: write it without spaces or separators, as aaio requires (2200700012345678, not 2200 7000 1234 5678).`,
		);
	}
	body.wallet = wallet;

	if (method === 'sbp') {
		const bank = readText(body.bank);
		if (!bank) {
			throw inputError(
				this,
				'An SBP payout needs a bank: put the bankId from Payout → Get SBP Banks into Bank ID.',
			);
		}
		body.bank = bank;
	} else {
		delete body.bank;
	}
	if (method === 'mobile_ru') {
		const operator = readText(body.mobile_operator);
		const operators = MOBILE_OPERATORS.map(({ value }) => value);
		if (!operators.includes(operator)) {
			throw inputError(
				this,
				`A mobile_ru payout needs the mobile operator: one of ${operators.join(', ')}${operator ? `, not "${operator}"` : ''}.`,
			);
		}
		body.mobile_operator = operator;
	} else {
		delete body.mobile_operator;
	}
	return options;
}
