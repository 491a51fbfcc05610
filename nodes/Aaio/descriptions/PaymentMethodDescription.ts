import type { INodeProperties } from 'n8n-workflow';

import { outputItems } from '../../shared/output';
import { codedEntries, readFields } from '../fields';
import type { FieldTable } from '../fields';
import { addMerchantId } from '../preSend';
import { aaio, NEEDS } from '../provider';
import { aaioRouting } from '../routing';

/** One payment method of /api/methods-pay; `min` and `max` are limits per currency (RUB, UAH, USD, EUR). */
const PAYMENT_METHOD_FIELDS: FieldTable = {
	code: ['code', 'text'],
	name: ['name', 'text'],
	min: ['min', 'amounts?'],
	max: ['max', 'amounts?'],
	commissionPercent: ['commission_percent', 'amount?'],
	commissionUserPercent: ['commission_user_percent', 'amount?'],
	commissionMerchantPercent: ['commission_merchant_percent', 'amount?'],
	commissionType: ['commission_type', 'value?'],
};

export const paymentMethodDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentMethod'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many payment methods',
				description: 'Get many payment methods open to your shop, one item per method',
				routing: aaioRouting({
					method: 'POST',
					url: '/api/methods-pay',
					needs: [NEEDS.merchantId],
					preSend: [addMerchantId],
					output: outputItems(aaio, {
						entries: codedEntries,
						simplify: (entry) => readFields(entry, PAYMENT_METHOD_FIELDS),
					}),
				}),
			},
		],
		default: 'getAll',
	},
];
