import {
	amountField,
	currencyField,
	descriptionOption,
	orderIdField,
	webhookUrlOption,
} from '../../../shared/fields';
import { entityItems } from '../../../shared/output';
import type { Operation } from '../../../shared/operation';
import { entityTable } from '../../../shared/schemas';
import { operationRouting } from '../../../shared/operation';
import {
	amount,
	checkRequest,
	jsonText,
	list,
	oneOfValues,
	positiveInteger,
	text,
	url,
} from '../../../shared/validate';
import { morune, SHOP_NEEDS, shopIdIn } from '../../provider';

/** Payment → Create: a morune invoice (`POST /invoice/create`) and the URL of its payment page. */
export const create: Operation = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a payment link for a customer (free; the customer pays, minus the provider fee)',
		description: 'Create an invoice and get the URL of its payment page',
		routing: operationRouting(morune, {
			request: { method: 'POST', url: '/invoice/create' },
			fromCredentials: shopIdIn('body'),
			needs: SHOP_NEEDS,
			preSend: [
				checkRequest(
					morune,
					'body',
					text('order_id', 'Order ID', { required: true, max: 255 }),
					amount(morune, 'amount', 'Amount'),
					oneOfValues('currency', 'Currency', ['RUB', 'UAH', 'EUR', 'USD']),
					url('hook_url', 'Webhook URL', 500),
					jsonText('custom_fields', 'Custom Fields', 500),
					text('comment', 'Description', { max: 255 }),
					url('success_url', 'Success URL'),
					url('fail_url', 'Fail URL', 255),
					positiveInteger('expire', 'Expires In (Minutes)'),
					list('include_service'),
					list('exclude_service'),
				),
			],
			output: entityItems(morune, {
				at: 'data',
				table: entityTable('payment', {
					id: ['id', 'text'],
					status: { fixed: 'pending' },
					amount: ['amount', 'amount?'],
					currency: ['currency', 'text?'],
					paymentUrl: ['url', 'text'],
					expiresAt: ['expired', 'date?'],
					morune: { group: {} },
				}),
				sent: (context) => ({ orderId: String(context.getNodeParameter('orderId')).trim() }),
			}),
		}),
	},
	fields: [
		orderIdField('order_id', 'Your ID of the order, at most 255 characters. morune refuses an order ID it has seen before.'),
		amountField('amount', 'What the payer pays, in the currency'),
		currencyField('currency'),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Custom Fields',
					name: 'customFields',
					type: 'string',
					default: '',
					placeholder: '{"user": 1}',
					description: 'JSON of at most 500 characters that morune sends back in the payment notification',
					routing: { send: { type: 'body', property: 'custom_fields' } },
				},
				descriptionOption('comment'),
				{
					displayName: 'Exclude Methods',
					name: 'excludeMethods',
					type: 'string',
					default: '',
					placeholder: 'qiwi, card',
					description: 'Payment methods to hide on the payment page, comma-separated codes (see Payment Method → Get Many)',
					routing: { send: { type: 'body', property: 'exclude_service' } },
				},
				{
					displayName: 'Expires In (Minutes)',
					name: 'expiresIn',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 300,
					description: 'How long the payment can be made, in minutes',
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
					displayName: 'Include Methods',
					name: 'includeMethods',
					type: 'string',
					default: '',
					placeholder: 'card, sbp',
					description: 'The only payment methods to show on the payment page, comma-separated codes (see Payment Method → Get Many)',
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
				webhookUrlOption('hook_url'),
			],
		},
	],
};
