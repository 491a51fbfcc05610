'use strict';
/**
 * The same names for the same things: every resource, operation and parameter (and option of a
 * collection) that both nodes have carries the same name, display name and type in both. What
 * only one provider has is listed, so that a new one is a decision, not an accident.
 */
const { loadPackage } = require('../helpers/n8n-engine');

/** resource/operation/parameter[/option] → { displayName, type } for one node. */
async function vocabulary(type) {
	const { description } = (await loadPackage()).nodeTypes[type].type;
	const entries = new Map();
	const resource = description.properties.find((property) => property.name === 'resource');
	for (const option of resource.options) entries.set(`resource ${option.value}`, { displayName: option.name });
	for (const property of description.properties) {
		const show = property.displayOptions?.show ?? {};
		if (property.name === 'operation') {
			for (const option of property.options) {
				entries.set(`operation ${show.resource[0]}/${option.value}`, { displayName: option.name });
			}
			continue;
		}
		for (const resourceValue of show.resource ?? ['*']) {
			for (const operation of show.operation ?? ['*']) {
				const key = `parameter ${resourceValue}/${operation}/${property.name}`;
				entries.set(key, { displayName: property.displayName, type: property.type });
				for (const option of property.type === 'collection' ? property.options : []) {
					entries.set(`${key}/${option.name}`, { displayName: option.displayName, type: option.type });
				}
			}
		}
	}
	return entries;
}

test('what both nodes have is named and typed alike', async () => {
	const aaio = await vocabulary('aaio');
	const morune = await vocabulary('morune');
	const shared = [...aaio.keys()].filter((key) => morune.has(key));

	expect(shared.length).toBeGreaterThan(30);
	for (const key of shared) expect({ key, ...aaio.get(key) }).toEqual({ key, ...morune.get(key) });
});

test('what only one node has is known', async () => {
	const aaio = await vocabulary('aaio');
	const morune = await vocabulary('morune');
	const only = (one, other) => [...one.keys()].filter((key) => !other.has(key)).sort();

	expect(only(aaio, morune)).toEqual([
		'operation notificationIp/customApiCall',
		'operation notificationIp/getAll',
		'operation payout/getMethods',
		'operation payout/getRates',
		'parameter notificationIp/*/simplify',
		'parameter payment/create/additionalFields/email',
		'parameter payment/create/additionalFields/language',
		'parameter payment/create/additionalFields/method',
		'parameter payment/create/additionalFields/referral',
		'parameter payment/create/additionalFields/usKey',
		'parameter payout/create/mobileOperator',
		'resource notificationIp',
	]);
	expect(only(morune, aaio)).toEqual([
		'parameter notification/verifySignature/signature',
		'parameter payment/create/additionalFields/customFields',
		'parameter payment/create/additionalFields/excludeMethods',
		'parameter payment/create/additionalFields/expiresIn',
		'parameter payment/create/additionalFields/failUrl',
		'parameter payment/create/additionalFields/includeMethods',
		'parameter payment/create/additionalFields/successUrl',
		'parameter payment/create/additionalFields/webhookUrl',
		'parameter payment/get/findBy',
		'parameter payment/get/paymentId',
		'parameter paymentMethod/getAll/enabledOnly',
		'parameter payout/create/additionalFields/comment',
	]);
});
