import type { INodeProperties } from 'n8n-workflow';

import { SHOP_NEEDS } from '../provider';
import { shopIdIn } from '../provider';
import { checkFound, moruneRouting } from '../routing';
import { CREATED_INVOICE, dataObject, INVOICE } from '../shape';
import { amount, checkRequest, jsonText, list, oneOf, positiveInteger, text, url } from '../validate';

const show = (operation: string) => ({ show: { resource: ['invoice'], operation: [operation] } });


/** Invoice → Create and Invoice → Get: shop endpoints, authenticated with the shop secret key. */
export const invoiceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an invoice',
				description: 'Create an invoice and get the URL of its payment page',
				routing: moruneRouting({
					request: { method: 'POST', url: '/invoice/create' },
					fromCredentials: shopIdIn('body'),
					needs: SHOP_NEEDS,
					preSend: [
						checkRequest(
							'body',
							amount('amount', 'Amount'),
							text('order_id', 'Order ID', { required: true, max: 255 }),
							text('currency', 'Currency', { required: true, max: 10 }),
							url('hook_url', 'Hook URL', 500),
							jsonText('custom_fields', 'Custom Fields', 500),
							text('comment', 'Comment', { max: 255 }),
							url('success_url', 'Success URL'),
							url('fail_url', 'Fail URL', 255),
							positiveInteger('expire', 'Expire (Minutes)'),
							list('include_service'),
							list('exclude_service'),
						),
					],
					shape: dataObject(CREATED_INVOICE),
				}),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an invoice',
				description: 'Get the status and amounts of an invoice by its ID or order ID',
				routing: moruneRouting({
					request: { method: 'GET', url: '/invoice/info' },
					fromCredentials: shopIdIn('qs'),
					needs: SHOP_NEEDS,
					preSend: [checkRequest('qs', oneOf({ invoice_id: 'Invoice ID', order_id: 'Order ID' }))],
					check: checkFound({
						thing: 'invoice',
						check:
							'the invoice ID or order ID, and that the invoice belongs to the shop in the Morune API credential',
					}),
					shape: dataObject(INVOICE),
				}),
			},
		],
		default: 'create',
	},

	// Invoice → Create
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		displayOptions: show('create'),
		description: 'What the payer pays, in the invoice currency; a point separates the decimals',
		routing: { send: { type: 'body', property: 'amount' } },
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'order-1001',
		displayOptions: show('create'),
		description: 'Your ID of the order, at most 255 characters. morune refuses an order ID it has seen before.',
		routing: { send: { type: 'body', property: 'order_id' } },
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
		displayOptions: show('create'),
		routing: { send: { type: 'body', property: 'currency' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('create'),
		options: [
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				description: 'Shown to the payer on the payment page, at most 255 characters',
				routing: { send: { type: 'body', property: 'comment' } },
			},
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'string',
				default: '',
				placeholder: '{"user": 1}',
				description: 'JSON of at most 500 characters that morune sends back in the payment webhook',
				routing: { send: { type: 'body', property: 'custom_fields' } },
			},
			{
				displayName: 'Exclude Services',
				name: 'excludeService',
				type: 'string',
				default: '',
				placeholder: 'qiwi, card',
				description:
					'Payment methods to hide on the payment page, comma-separated codes (see Payment Tariff → Get Many)',
				routing: { send: { type: 'body', property: 'exclude_service' } },
			},
			{
				displayName: 'Expire (Minutes)',
				name: 'expire',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How long the invoice can be paid, in minutes',
				routing: { send: { type: 'body', property: 'expire' } },
			},
			{
				displayName: 'Fail URL',
				name: 'failUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/failed',
				description: 'Where the payer goes when the payment fails',
				routing: { send: { type: 'body', property: 'fail_url' } },
			},
			{
				displayName: 'Hook URL',
				name: 'hookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/morune-webhook',
				description: 'Where morune sends the payment webhook, instead of the URL set for the shop',
				routing: { send: { type: 'body', property: 'hook_url' } },
			},
			{
				displayName: 'Include Services',
				name: 'includeService',
				type: 'string',
				default: '',
				placeholder: 'card, sbp',
				description:
					'The only payment methods to show on the payment page, comma-separated codes (see Payment Tariff → Get Many)',
				routing: { send: { type: 'body', property: 'include_service' } },
			},
			{
				displayName: 'Success URL',
				name: 'successUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/paid',
				description: 'Where the payer goes after paying',
				routing: { send: { type: 'body', property: 'success_url' } },
			},
		],
	},

	// Invoice → Get
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		options: [
			{ name: 'Invoice ID', value: 'id', description: 'The ID morune gave the invoice' },
			{ name: 'Order ID', value: 'orderId', description: 'Your order ID, given when creating the invoice' },
		],
		default: 'id',
		displayOptions: show('get'),
	},
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a',
		displayOptions: { show: { resource: ['invoice'], operation: ['get'], searchBy: ['id'] } },
		routing: { send: { type: 'query', property: 'invoice_id' } },
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'order-1001',
		displayOptions: { show: { resource: ['invoice'], operation: ['get'], searchBy: ['orderId'] } },
		routing: { send: { type: 'query', property: 'order_id' } },
	},
];
