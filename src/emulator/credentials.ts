/** The emulator's default credentials: fake, public, for tests and the demo only. */

/** SecretId the emulator accepts by default. */
export const EMULATOR_SECRET_ID = "AKIDEMULATOR00000000";
/** SecretKey the emulator accepts by default (not a real key; it signs requests to the emulator only). */
export const EMULATOR_SECRET_KEY = "emulator-secret-key-not-a-real-one";

/** A key pair the emulator checks signatures against. */
export interface EmulatorCredentials {
  readonly secretId: string;
  readonly secretKey: string;
}
