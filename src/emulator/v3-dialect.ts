/**
 * API 3.0 at `POST /`: TC3 signature and token, version, action, region, parameters, rate limit, faults, then
 * the action.
 * Every answer is HTTP 200 with `{ Response: { ..., RequestId } }` or `{ Response: { Error, RequestId } }`.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { rejectUnknownParams, V3_ACTIONS } from "./actions";
import { EmulatorApiError } from "./api-error";
import { actionContext, answerAsServed, dispatch, type EmulatorCore, sendJson } from "./core";
import { checkToken } from "./credentials";
import { requireSupportedRegion } from "./regions";
import { verifyTc3 } from "./tc3-verify";

/** The only version of the redis API. */
const API_VERSION = "2018-04-12";

function headerText(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

function parseParams(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8") || "{}");
  } catch {
    throw new EmulatorApiError("InvalidParameter", "the request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new EmulatorApiError("InvalidParameter", "the request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

/** The checks every request passes before its action runs; throws the Tencent error of the first failure. */
function admit(core: EmulatorCore, req: IncomingMessage, body: Buffer, action: string) {
  const auth =
    verifyTc3(
      "POST",
      req.headers,
      body,
      core.credentials,
      Math.floor(core.now() / 1000),
      core.sdkCompatible,
    ) ?? checkToken(headerText(req, "x-tc-token") || undefined, core.credentials, core.unexpectedToken);
  if (auth) throw new EmulatorApiError(auth.code, auth.message);
  const version = headerText(req, "x-tc-version");
  if (!version) throw new EmulatorApiError("MissingParameter", "the X-TC-Version header is required");
  if (version !== API_VERSION) {
    throw new EmulatorApiError("NoSuchVersion", `redis has no API version ${version}; use ${API_VERSION}`);
  }
  if (!/^application\/json\s*(;|$)/i.test(headerText(req, "content-type"))) {
    throw new EmulatorApiError("InvalidParameter", "Content-Type must be application/json");
  }
  if (!action) throw new EmulatorApiError("MissingParameter", "the X-TC-Action header is required");
  const handler = Object.hasOwn(V3_ACTIONS, action) ? V3_ACTIONS[action] : undefined;
  if (!handler) throw new EmulatorApiError("InvalidAction", `redis has no action "${action}"`);
  const region = headerText(req, "x-tc-region");
  if (!region) throw new EmulatorApiError("MissingParameter", "the X-TC-Region header is required");
  requireSupportedRegion(region, core.state.seededRegions);
  return { handler, region };
}

/** Serves one API 3.0 request. */
export function serveV3(core: EmulatorCore, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const requestId = randomUUID();
  const action = headerText(req, "x-tc-action");
  let params: Record<string, unknown> = {};
  const answer = (payload: object, errorCode?: string) => {
    core.log.add("v3", action, params, 200, errorCode);
    sendJson(res, { Response: { ...payload, RequestId: requestId } });
  };
  const fail = (error: unknown) => {
    if (!(error instanceof EmulatorApiError)) throw error;
    answer({ Error: { Code: error.code, Message: error.message } }, error.code);
  };
  try {
    const admitted = admit(core, req, body, action);
    params = parseParams(body);
    rejectUnknownParams(action, params, admitted.handler.params);
    dispatch(core, "v3", {
      action,
      params,
      res,
      respond: () =>
        answer(
          answerAsServed(
            core,
            action,
            admitted.handler.handle(params, actionContext(core, action), admitted.region),
          ),
        ),
      fail,
    });
  } catch (error) {
    fail(error);
  }
}
