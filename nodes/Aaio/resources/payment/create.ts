import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { routingCredentials } from '../../../shared/credentials';
import { amountField, currencyField, descriptionOption, orderIdField } from '../../../shared/fields';
import { entityItems } from '../../../shared/output';
import type { Operation } from '../../../shared/operation';
import { entityTable } from '../../../shared/schemas';
import { operationRouting } from '../../../shared/operation';
import { aaioOrderSignature } from '../../../shared/signatures';
import { amount, checkRequest, oneOfValues, pattern, text } from '../../../shared/validate';
import { aaio, NEEDS } from '../../provider';

/** aaio's rule for order IDs: 1 to 64 letters, digits and `: - _ [ ] |`. */
const ORDER_ID = /^[A-Za-z0-9:_[\]|-]{1,64}$/;

/** Puts the credential's Merchant ID into the body, then signs the body exactly as it is sent. */
async function signPaymentUrl(this: IExecuteSingleFunctions, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const credentials = await routingCredentials(this, aaio);
	const merchantId = String(credentials.merchantId ?? '').trim();
	const secret = String(credentials.secretKey1 ?? '').trim();
	const body = (options.body ?? {}) as IDataObject;
	// Without either, sendRequest refuses the request and names the credential field.
	if (merchantId && secret) {
		body.merchant_id = merchantId;
		body.sign = aaioOrderSignature(
			{ merchantId, amount: String(body.amount), currency: String(body.currency), orderId: String(body.order_id) },
			secret,
		);
	}
	options.body = body;
	return options;
}

/** Payment → Create: an aaio order, and the signed URL where the customer pays it. */
export const create: Operation = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a payment link for a customer (free; the customer pays, minus the provider fee)',
		description: 'Create an order and get the URL where the customer pays it (signed with Secret Key 1)',
		routing: operationRouting(aaio, {
			request: { method: 'POST', url: '/merchant/get_pay_url' },
			needs: [NEEDS.merchantId, NEEDS.secretKey1],
			// Checked, then signed exactly as it is sent.
			preSend: [
				checkRequest(
					aaio,
					'body',
					pattern('order_id', 'Order ID', ORDER_ID, 'aaio accepts 1 to 64 Latin letters, digits and the characters : - _ [ ] |'),
					amount(aaio, 'amount', 'Amount'),
					oneOfValues('currency', 'Currency', ['RUB', 'UAH', 'EUR', 'USD']),
					text('desc', 'Description', { max: 255 }),
				),
				signPaymentUrl,
			],
			output: entityItems(aaio, {
				table: entityTable('payment', {
					status: { fixed: 'pending' },
					paymentUrl: ['url', 'text'],
					aaio: { group: {} },
				}),
				sent: (context) => ({
					orderId: String(context.getNodeParameter('orderId')).trim(),
					amount: Number(context.getNodeParameter('amount')),
					// Trimmed, as the Currency check trims what is sent and signed.
					currency: String(context.getNodeParameter('currency')).trim(),
				}),
			}),
		}),
	},
	fields: [
		orderIdField('order_id', "Your ID of the order (aaio's order_id): 1 to 64 Latin letters, digits and : - _ [ ] |"),
		amountField('amount', 'The amount to pay, in the currency. It is sent and signed as the shortest text of its value: 100.50 as 100.5'),
		currencyField('currency'),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Custom Key',
					name: 'usKey',
					type: 'string',
					default: '',
					description: "Any value of yours for this order (aaio's us_key)",
					routing: { send: { type: 'body', property: 'us_key' } },
				},
				descriptionOption('desc'),
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					placeholder: 'name@email.com',
					default: '',
					description: "The customer's email",
					routing: { send: { type: 'body', property: 'email' } },
				},
				{
					displayName: 'Language',
					name: 'language',
					type: 'options',
					options: [
						{ name: 'English', value: 'en' },
						{ name: 'Russian', value: 'ru' },
					],
					default: 'ru',
					description: 'The language of the payment page',
					routing: { send: { type: 'body', property: 'lang' } },
				},
				{
					displayName: 'Method',
					name: 'method',
					type: 'string',
					default: '',
					placeholder: 'cards_ru',
					description:
						'The payment method to suggest, by its code (see Payment Method → Get Many). The customer can still choose another.',
					routing: { send: { type: 'body', property: 'method' } },
				},
				{
					displayName: 'Referral',
					name: 'referral',
					type: 'string',
					default: '',
					description: 'A referral code to pass to aaio',
					routing: { send: { type: 'body', property: 'referral' } },
				},
			],
		},
	],
};
