'use strict';
/**
 * Balance triggers across n8n restarts, with n8n 2.41's rules for what it saves of a polling
 * trigger's static data (read in n8n/dist/workflows/triggers/trigger-execution-context.factory.js,
 * active-workflow-manager.js and n8n-core's active-workflow-triggers.js / poll-trigger-executor.js):
 *
 *  - activation (publishing the workflow, and every start of n8n) builds the workflow from the
 *    database, runs one poll, and saves the static data after it;
 *  - a later poll saves it only when it emits items (`__emit`); a poll that returns null saves
 *    nothing;
 *  - stopping n8n (SIGTERM) saves nothing, like a crash (SIGKILL).
 *
 * `n8nLike` below keeps that "database" copy; `restart()` stands for any stop and start of n8n:
 * the workflow is built again from the database copy and the package's process memory is
 * gone. The polls themselves run through n8n's engine (createPoller: PollContext,
 * TriggersAndPollers). The real n8n does the same in `npm run e2e:queue` (SIGTERM and SIGKILL).
 */
const { Workflow } = require('n8n-workflow');
const { createPoller } = require('../helpers/n8n-engine');
const { SANDBOX, useFakeApi } = require('../helpers/fixtures');
const balanceTrigger = require('../../dist/nodes/shared/balanceTrigger');

const fake = useFakeApi();
const NODE_KEY = 'node:Trigger under test';

// A workflow built "from the database": its first read of static data gets the stored copy.
let pendingSeed;
const getStaticData = Workflow.prototype.getStaticData;
beforeAll(() => {
	Workflow.prototype.getStaticData = function (...args) {
		if (pendingSeed !== undefined) {
			const seed = pendingSeed;
			pendingSeed = undefined;
			this.overrideStaticData(JSON.parse(JSON.stringify(seed)));
		}
		return getStaticData.apply(this, args);
	};
});
afterAll(() => {
	Workflow.prototype.getStaticData = getStaticData;
});
beforeEach(() => balanceTrigger.forgetWrittenTokens());

const setAaio = (balance) => Object.assign(fake.api.state.aaio.balance, { balance, hold: 0, referral: 0 });

/** One active balance trigger in an n8n that saves its static data as n8n 2.41 does. */
async function n8nLike(parameters, { database } = {}) {
	const state = { database, poller: undefined };
	const activate = async () => {
		state.poller = await createPoller({
			type: 'aaioBalanceTrigger',
			parameters,
			credentials: { aaioApi: { apiKey: SANDBOX.aaio.apiKey, baseUrl: fake.api.url } },
		});
		pendingSeed = state.database ?? {};
		const result = await state.poller.poll();
		state.database = { [NODE_KEY]: state.poller.staticData() }; // add() saves after the activation poll
		return result;
	};
	return {
		activate,
		async poll() {
			const result = await state.poller.poll();
			if (result !== null) state.database = { [NODE_KEY]: state.poller.staticData() }; // __emit saves
			return result;
		},
		/** n8n stopped (SIGTERM or SIGKILL: neither saves) and started again. */
		async restart() {
			balanceTrigger.forgetWrittenTokens();
			return activate();
		},
		/** The workflow re-activated in the same process (n8n builds it from the database again). */
		reactivate: activate,
		stored: () => state.database[NODE_KEY],
	};
}

describe('Available Balance Fell Below across restarts', () => {
	test('the issue: fired at 4000, re-armed at 6000 (not saved by n8n), restart, 3000: fires, marked as a possible repeat', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'fellBelow', threshold: 5000 });
		expect(await trigger.activate()).toBeNull();

		setAaio(4000);
		const first = await trigger.poll();
		expect(first[0].json).toMatchObject({ available: 4000, event: 'fellBelow', possibleRepeat: false, afterRestart: false });

		setAaio(6000);
		expect(await trigger.poll()).toBeNull(); // re-armed in memory ...
		expect(trigger.stored().lastBalance.available).toBe(4000); // ... but n8n saved nothing

		setAaio(3000);
		const afterRestart = await trigger.restart();
		expect(afterRestart).toHaveLength(1);
		expect(afterRestart[0].json).toMatchObject({
			available: 3000,
			previous: { available: 4000, currency: 'RUB' },
			change: { available: -1000 },
			event: 'fellBelow',
			afterRestart: true,
			possibleRepeat: true,
		});
		expect(afterRestart[0].json.possibleRepeatReason).toMatch(
			/read back from n8n's database .* already under the threshold \(5000\)\. n8n does not save the checks in between, so the balance may have recovered and fallen again/,
		);

		// Once per crossing: the next checks under the line stay quiet.
		setAaio(2500);
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
	});

	test('a restart while the balance stays under the line fires once more (flagged), then stays quiet', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'fellBelow', threshold: 5000 });
		await trigger.activate();
		setAaio(4000);
		expect(await trigger.poll()).toHaveLength(1);
		expect(await trigger.poll()).toBeNull();

		const again = await trigger.restart();
		expect(again[0].json).toMatchObject({ possibleRepeat: true, afterRestart: true });
		expect(await trigger.poll()).toBeNull();
		// A second restart right after: the memory saved at activation is this process's last
		// check, but a new process cannot know that, so it fires (flagged) again.
		expect((await trigger.restart())[0].json.possibleRepeat).toBe(true);
	});

	test('a restart while the balance is above the line fires nothing; the next drop fires normally', async () => {
		setAaio(4000);
		const trigger = await n8nLike({ event: 'fellBelow', threshold: 5000 });
		await trigger.activate(); // under at the first check: recorded only (Fire on First Check off)
		setAaio(6000);
		expect(await trigger.poll()).toBeNull(); // re-armed, not saved
		expect(await trigger.restart()).toBeNull(); // still above after the restart

		setAaio(4500);
		const fired = await trigger.poll();
		expect(fired[0].json).toMatchObject({ available: 4500, afterRestart: false, possibleRepeat: false });
	});

	test('a crossing the restart lands on (saved above, now under) fires as a normal alert, marked afterRestart', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'fellBelow', threshold: 5000 });
		await trigger.activate();
		setAaio(3000);
		const fired = await trigger.restart();
		expect(fired[0].json).toMatchObject({ afterRestart: true, possibleRepeat: false, possibleRepeatReason: null });
	});

	test('without a restart nothing is ever flagged: each crossing fires once', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'fellBelow', threshold: 5000 });
		await trigger.activate();
		const fired = [];
		for (const balance of [4000, 3000, 6000, 7000, 4999.99, 5000, 100]) {
			setAaio(balance);
			const result = await trigger.poll();
			if (result) fired.push(result[0].json);
		}
		expect(fired.map((item) => [item.available, item.possibleRepeat, item.afterRestart])).toEqual([
			[4000, false, false],
			[4999.99, false, false],
			[100, false, false],
		]);
	});

	test('re-activating the workflow in the same process reads the database copy: treated like a restart', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'fellBelow', threshold: 5000 });
		await trigger.activate();
		setAaio(4000);
		await trigger.poll(); // fired, saved
		setAaio(6000);
		await trigger.poll(); // re-armed, not saved
		setAaio(3000);
		const fired = await trigger.reactivate(); // same process, older memory from the database
		expect(fired[0].json).toMatchObject({ afterRestart: true, possibleRepeat: true });
	});

	test('re-activation right after a firing (the database holds the last check) is not a restart', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'fellBelow', threshold: 5000 });
		await trigger.activate();
		setAaio(4000);
		await trigger.poll(); // fired: n8n saved this very check
		expect(await trigger.reactivate()).toBeNull();
	});
});

describe('Available Balance Rose Above across restarts', () => {
	test('fired at 6000, back to 4000 (not saved), restart at 7000: fires, marked as a possible repeat', async () => {
		setAaio(4000);
		const trigger = await n8nLike({ event: 'roseAbove', threshold: 5000 });
		await trigger.activate();
		setAaio(6000);
		expect(await trigger.poll()).toHaveLength(1);
		setAaio(4000);
		expect(await trigger.poll()).toBeNull();
		setAaio(7000);
		const fired = await trigger.restart();
		expect(fired[0].json).toMatchObject({ event: 'roseAbove', afterRestart: true, possibleRepeat: true });
		expect(fired[0].json.possibleRepeatReason).toMatch(/already over the threshold \(5000\).*dropped back and risen again/);
	});
});

describe('Balance Changed across restarts', () => {
	test('every change is an emission, so n8n saves it: no repeat after a restart, the next change fires once', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'balanceChanged' });
		await trigger.activate();
		setAaio(6100);
		expect(await trigger.poll()).toHaveLength(1);
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.restart()).toBeNull(); // unchanged since the saved check
		setAaio(6200);
		const fired = await trigger.poll();
		expect(fired[0].json).toMatchObject({ previous: { available: 6100 }, change: { available: 100 }, possibleRepeat: false });
	});

	test('a change while n8n was down fires at the first check after the start, marked afterRestart', async () => {
		setAaio(6000);
		const trigger = await n8nLike({ event: 'balanceChanged' });
		await trigger.activate();
		setAaio(5000);
		const fired = await trigger.restart();
		expect(fired[0].json).toMatchObject({ change: { available: -1000 }, afterRestart: true, possibleRepeat: false });
	});
});

describe('memory written by the first version of the trigger (amounts only)', () => {
	test('is read as RUB, and a still-crossed threshold after the upgrade fires flagged', async () => {
		setAaio(3000);
		const trigger = await n8nLike(
			{ event: 'fellBelow', threshold: 5000 },
			{ database: { [NODE_KEY]: { lastBalance: { available: 4000, frozen: 0, referral: 0, total: 4000 } } } },
		);
		const fired = await trigger.activate();
		expect(fired[0].json).toMatchObject({
			previous: { available: 4000, currency: 'RUB', checkedAt: null },
			change: { available: -1000 },
			possibleRepeat: true,
		});
		expect(trigger.stored()).toMatchObject({ lastBalance: { available: 3000, currency: 'RUB' }, memoryToken: expect.any(String) });
	});
});
