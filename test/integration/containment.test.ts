/**
 * No workspace read leaves the repository (real VS Code, trusted window): a project whose dvc.yaml
 * and symlinks point outside the workspace shows each such path as "outside the repository" and
 * none of the outside content. The untrusted window runs the same checks (trustContainment.test.ts).
 */
import { describeContainment } from './containmentFixture';

describeContainment('containment in a trusted window (real VS Code)', true);
