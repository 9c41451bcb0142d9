/**
 * The demo corp's app secret: what the simulator's `gettoken` accepts with
 * `DEMO_CORP.corpId`. Public on purpose, like the rest of the demo corp.
 */
export const DEMO_CORP_SECRET = 'PetcareDemoAppSecretForTheWecomSimulator0AB'
