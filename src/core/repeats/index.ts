export { sampleAgreement, formatSampleAgreement, type AgreementSample, type SampleAgreement } from './sample-agreement';
export { majorityPass, repeatedCell, type FinishedSample } from './aggregate-samples';
export { summarizeSampleAgreement, type ModelSampleAgreement } from './model-agreement';
