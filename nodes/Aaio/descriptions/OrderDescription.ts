import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../shared/output';
import type { Simplified } from '../../shared/output';
import { readFields } from '../fields';
import type { FieldTable } from '../fields';
import { addMerchantId, checkOrderInput, readAmount, readText, signPaymentUrl } from '../preSend';
import { aaio, NEEDS } from '../provider';
import { aaioRouting, outputFor } from '../routing';

/** Order → Get: the clean item of /api/info-pay. Amounts are in the order's currency, fees in RUB. */
const ORDER_FIELDS: FieldTable = {
	id: ['id', 'text'],
	orderId: ['order_id', 'text'],
	status: ['status', 'text'],
	amount: ['amount', 'amount'],
	currency: ['currency', 'text'],
	method: ['method', 'text?'],
	description: ['desc', 'text?'],
	email: ['email', 'text?'],
	profit: ['profit', 'amount?'],
	commission: ['commission', 'amount?'],
	commissionClient: ['commission_client', 'amount?'],
	commissionType: ['commission_type', 'text?'],
	merchantId: ['merchant_id', 'text?'],
	merchantDomain: ['merchant_domain', 'text?'],
	createdAt: ['date', 'text?'],
	expiresAt: ['expired_date', 'text?'],
	completedAt: ['complete_date', 'text?'],
	userVariables: ['us_vars', 'value?'],
};

/** Order → Create Payment URL: what was sent, and the URL aaio made for it. */
function payUrlItem(context: IExecuteSingleFunctions) {
	const amount = readAmount(context.getNodeParameter('amount'));
	const sent = {
		orderId: readText(context.getNodeParameter('orderId')),
		amount: 'amount' in amount ? Number(amount.amount) : null,
		currency: context.getNodeParameter('currency') as string,
	};
	return (body: IDataObject): Simplified => {
		const read = readFields(body, { url: ['url', 'text'] });
		return 'item' in read ? { item: { ...sent, ...read.item } } : read;
	};
}

const show = (operation: string[]) => ({ show: { resource: ['order'], operation } });

export const orderDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create Payment URL',
				value: 'createPaymentUrl',
				action: 'Create a payment URL',
				description:
					'Create an order and get the link where the customer pays it (signed with Secret Key 1)',
				routing: aaioRouting({
					method: 'POST',
					url: '/merchant/get_pay_url',
					needs: [NEEDS.merchantId, NEEDS.secretKey1],
					// Check, then complete, then sign the body exactly as it is sent.
					preSend: [checkOrderInput, addMerchantId, signPaymentUrl],
					output: outputFor((context) => ({ simplify: payUrlItem(context) })),
				}),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description: 'Get an order by its order ID: status, amount, method and fees',
				routing: aaioRouting({
					method: 'POST',
					url: '/api/info-pay',
					needs: [NEEDS.merchantId],
					preSend: [addMerchantId],
					output: outputItems(aaio, { simplify: (body) => readFields(body, ORDER_FIELDS) }),
				}),
			},
		],
		default: 'createPaymentUrl',
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'crm-1001',
		displayOptions: show(['createPaymentUrl', 'get']),
		description:
			"Your ID of the order (aaio's order_id): 1 to 64 Latin letters, digits and : - _ [ ] |",
		routing: { send: { type: 'body', property: 'order_id' } },
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1500.50',
		displayOptions: show(['createPaymentUrl']),
		description:
			'The amount to pay, with a point as the decimal separator and at most two decimals. It is sent and signed as the shortest text of its value: 100.50 as 100.5.',
		routing: { send: { type: 'body', property: 'amount' } },
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: [
			{ name: 'EUR', value: 'EUR' },
			{ name: 'RUB', value: 'RUB' },
			{ name: 'UAH', value: 'UAH' },
			{ name: 'USD', value: 'USD' },
		],
		default: 'RUB',
		displayOptions: show(['createPaymentUrl']),
		routing: { send: { type: 'body', property: 'currency' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['createPaymentUrl']),
		options: [
			{
				displayName: 'Custom Key',
				name: 'usKey',
				type: 'string',
				default: '',
				description: 'Any value of yours for this order (aaio\'s us_key)',
				routing: { send: { type: 'body', property: 'us_key' } },
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'What the order is for, shown on the payment page',
				routing: { send: { type: 'body', property: 'desc' } },
			},
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
				displayName: 'Payment Method',
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
];
