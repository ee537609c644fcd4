#!/bin/sh
# Restore a Tencent Cloud Redis instance from its latest system backup of the last 26 hours, then wait for the
# restore task. Meant for a pipeline step; see restore-workflow.yml and docs/RESTORE-AND-CLONE.md.
#
# Environment:
#   REDIS_INSTANCE_ID             the instance to restore (required), e.g. crs-xxxxxxxx
#   TENCENTCLOUD_SECRET_ID/_KEY   API credentials (or any source the tencentcloud provider accepts)
#   TENCENTCLOUD_REGION           e.g. ap-guangzhou
#   TENCENTCLOUD_REDIS_PASSWORD   the instance password (read by crs-backup; never pass it as a flag)
#   CRS_BACKUP                    how to run the CLI (default: npx --no-install crs-backup)
#   RESTORE_RESULT                where to write the JSON summary (default: restore-result.json)
#
# Exit codes are crs-backup's: 0 restored, 2 invalid input, 3 no usable backup in the last 26 hours,
# 4 API failure after retries, 5 the restore task failed or timed out.
set -eu

: "${REDIS_INSTANCE_ID:?set REDIS_INSTANCE_ID to the instance to restore, e.g. crs-xxxxxxxx}"
CRS_BACKUP="${CRS_BACKUP:-npx --no-install crs-backup}"
RESTORE_RESULT="${RESTORE_RESULT:-restore-result.json}"

# --yes: a pipeline has no terminal to confirm on; the pipeline's own approval gate is the confirmation.
# Progress goes to stderr (the job log); the JSON summary to the result file.
status=0
$CRS_BACKUP restore \
  --instance-id "$REDIS_INSTANCE_ID" \
  --latest --type system --max-age 26h \
  --wait --timeout "${RESTORE_TIMEOUT:-30m}" \
  --yes --json >"$RESTORE_RESULT" || status=$?

case "$status" in
  0) ;;
  5) echo "restore.sh: the restore task of $REDIS_INSTANCE_ID started but failed or timed out; check the instance before retrying" >&2
     exit 5 ;;
  2|3) echo "restore.sh: crs-backup restore exited $status before starting anything; nothing was restored" >&2
     exit "$status" ;;
  *) echo "restore.sh: crs-backup restore exited $status; read its message above before retrying (a failed DescribeInstanceBackups started nothing; a RestoreInstance cut off in transit may have started a restore)" >&2
     exit "$status" ;;
esac
echo "restore.sh: restored $REDIS_INSTANCE_ID: $(cat "$RESTORE_RESULT")" >&2
