/**
 * The containment checks of containment.test.ts in the Restricted Mode window (this file runs in the
 * "untrusted" run, after trust.test.ts): reads are contained whether or not the folder is trusted.
 */
import { describeContainment } from './containmentFixture';

describeContainment('containment in an untrusted window (real VS Code, Restricted Mode)', false);
