/**
 * Legacy API 2.0 at `GET /v2/index.php`: GetRedisBackupList only. Answers `{ code, message, codeDesc, ... }`
 * with HTTP 200; `code` 0 is success, 4100 an auth failure, 11201 an invalid parameter.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRedisBackupList } from "./actions";
import { EmulatorApiError } from "./api-error";
import { actionContext, dispatch, type EmulatorCore, sendJson } from "./core";
import { checkToken } from "./credentials";
import { verifyLegacy } from "./legacy-verify";
import { requireSupportedRegion } from "./regions";

const ACTION = "GetRedisBackupList";

/**
 * Numeric 2.0 codes of the errors the emulator answers. 4100 and 11201 are documented; the others are the
 * emulator's own (2.0 is deprecated and its full table is gone), with the 3.0 name in `codeDesc`.
 */
const LEGACY_CODES: Readonly<Record<string, number>> = {
  AuthFailure: 4100,
  InvalidParameter: 11201,
  InvalidAction: 4000,
  UnsupportedRegion: 4000,
  RequestLimitExceeded: 4400,
  "UnauthorizedOperation.NoCAMAuthed": 4102,
};
const DEFAULT_ERROR_CODE = 6000;

/**
 * The 2.0 envelope of an error raised with a 3.0 code: auth failures keep their precise name in `codeDesc`;
 * instance and value errors become 11201 InvalidParameter.
 */
function legacyError(error: EmulatorApiError) {
  if (error.code.startsWith("AuthFailure")) {
    return { code: LEGACY_CODES.AuthFailure!, message: error.message, codeDesc: error.code };
  }
  const family = /^(InvalidParameter|MissingParameter|ResourceNotFound)/.test(error.code)
    ? "InvalidParameter"
    : error.code;
  return { code: LEGACY_CODES[family] ?? DEFAULT_ERROR_CODE, message: error.message, codeDesc: family };
}

/** Serves one 2.0 request. */
export function serveLegacy(core: EmulatorCore, req: IncomingMessage, url: URL, res: ServerResponse): void {
  const params = Object.fromEntries(url.searchParams.entries());
  const action = params.Action ?? "";
  const reply = (payload: object, errorCode?: string) => {
    core.log.add("legacy", action, params, 200, errorCode);
    sendJson(res, payload);
  };
  const fail = (error: unknown) => {
    if (!(error instanceof EmulatorApiError)) throw error;
    const envelope = legacyError(error);
    reply(envelope, envelope.codeDesc);
  };
  try {
    const nowS = Math.floor(core.now() / 1000);
    const auth =
      verifyLegacy(
        String(req.headers.host ?? ""),
        url.pathname,
        params,
        core.credentials,
        nowS,
        core.sdkCompatible,
      ) ?? checkToken(params.Token || undefined, core.credentials, core.unexpectedToken);
    if (auth) throw new EmulatorApiError(auth.code, auth.message);
    if (!action) throw new EmulatorApiError("MissingParameter", "Action is required");
    if (action !== ACTION)
      throw new EmulatorApiError("InvalidAction", `the 2.0 API here serves ${ACTION} only`);
    if (!params.Region) throw new EmulatorApiError("MissingParameter", "Region is required");
    requireSupportedRegion(params.Region, core.state.seededRegions);
    dispatch(core, "legacy", {
      action,
      params,
      res,
      respond: () => {
        const page = getRedisBackupList(params, actionContext(core, action), params.Region!);
        reply({ code: 0, message: "", codeDesc: "Success", ...page });
      },
      fail,
    });
  } catch (error) {
    fail(error);
  }
}
