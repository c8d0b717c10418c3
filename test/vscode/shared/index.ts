// `extensionTestsPath` of each window of the shared-store suite: the suite runner of
// test/vscode/suite, bundled here, so it runs the `*.test.js` beside this file.
export { run } from '../suite/index';
