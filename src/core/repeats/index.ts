export { sampleAgreement, formatSampleAgreement, type AgreementSample, type SampleAgreement } from '../../shared/stats/sample-agreement';
export { majorityPass, repeatedCell, type FinishedSample } from './aggregate-samples';
export { summarizeSampleAgreement, type ModelSampleAgreement } from '../../shared/stats/model-agreement';
