import type { INodeProperties } from 'n8n-workflow';

/*
 * The fields both nodes share, one definition each: the same name, display name and type in
 * the Aaio and the Morune node. Each provider's operation says where its API takes the value.
 */

type Where = 'body' | 'query';

const send = (where: Where, property: string) => ({ send: { type: where, property } });

/** Your ID of a payment or payout (aaio's order_id / my_id, morune's order_id). */
export function orderIdField(property: string, description: string, where: Where = 'body'): INodeProperties {
	return {
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'order-1001',
		description,
		routing: { ...send(where, property) },
	};
}

/** An amount of money: a decimal text (or a number from an expression) with at most two decimals. */
export function amountField(property: string, description: string): INodeProperties {
	return {
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1500.50',
		description: `${description}. A point separates the decimals, at most two; in an expression round with .toFixed(2).`,
		routing: { ...send('body', property) },
	};
}

/** A payment's currency: the four both providers take. */
export function currencyField(property: string): INodeProperties {
	return {
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
		routing: { ...send('body', property) },
	};
}

/** A payout's method, by the provider's code. */
export function methodField(property: string, placeholder: string, description: string): INodeProperties {
	return {
		displayName: 'Method',
		name: 'method',
		type: 'string',
		required: true,
		default: '',
		placeholder,
		description,
		routing: { ...send('body', property) },
	};
}

/** Where a payout goes. */
export function walletField(property: string): INodeProperties {
	return {
		displayName: 'Wallet',
		name: 'wallet',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2200700012345678',
		description:
			'Where the money goes: the card number, phone number or wallet address, without spaces or separators',
		routing: { ...send('body', property) },
	};
}

/** The bank of an SBP payout (shown for the method `sbp`). */
export function sbpBankIdField(property: string): INodeProperties {
	return {
		displayName: 'SBP Bank ID',
		name: 'sbpBankId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '100000000111',
		displayOptions: { show: { method: ['sbp'] } },
		description: 'The bank to pay out to over SBP: its ID from SBP Bank → Get Many',
		routing: { ...send('body', property) },
	};
}

/** Whether a payout's fee comes out of the amount or on top, from the balance. */
export function feeFromOption(property: string, values: { amount: number; balance: number }): INodeProperties {
	return {
		displayName: 'Fee From',
		name: 'feeFrom',
		type: 'options',
		options: [
			{ name: 'Amount', value: 'amount', description: 'The fee is taken from the amount: the recipient gets less' },
			{ name: 'Balance', value: 'balance', description: 'The fee is taken from the balance on top of the amount' },
		],
		default: 'amount',
		routing: {
			send: {
				type: 'body',
				property,
				value: `={{ $value === "balance" ? ${values.balance} : ${values.amount} }}`,
			},
		},
	};
}

/** Where the provider sends its notification for this payment or payout. */
export function webhookUrlOption(property: string): INodeProperties {
	return {
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/notifications',
		description: 'Where the provider sends its notification for this one, instead of the URL in your account settings',
		routing: { ...send('body', property) },
	};
}

/** A free text shown with the payment or payout. */
export function descriptionOption(property: string): INodeProperties {
	return {
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'What it is for, shown on the payment page or in the cabinet (at most 255 characters)',
		routing: { ...send('body', property) },
	};
}

/**
 * Get by the provider's ID or by your order ID: the Find By switch and the two ID fields, for
 * payments ('Payment') and payouts ('Payout').
 */
export function findByFields(
	thing: 'Payment' | 'Payout',
	where: Where,
	properties: { id: string; orderId: string },
): INodeProperties[] {
	const idName = `${thing.toLowerCase()}Id`;
	return [
		{
			displayName: 'Find By',
			name: 'findBy',
			type: 'options',
			options: [
				{ name: 'Order ID', value: 'orderId', description: `Your ID, given when the ${thing.toLowerCase()} was created` },
				{ name: `${thing} ID`, value: 'id', description: `The ID the provider gave the ${thing.toLowerCase()}` },
			],
			default: 'orderId',
		},
		{
			displayName: `${thing} ID`,
			name: idName,
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { findBy: ['id'] } },
			routing: { ...send(where, properties.id) },
		},
		{
			...orderIdField(properties.orderId, `Your ID of the ${thing.toLowerCase()}`, where),
			displayOptions: { show: { findBy: ['orderId'] } },
		},
	];
}
