// Baseline: what a naive resolver costs — the whole SDK required, one DescribeInstanceBackups, the newest row.
const tencentcloud = require("tencentcloud-sdk-nodejs");
const endpoint = new URL(process.env.TENCENTCLOUD_REDIS_ENDPOINT);
const client = new tencentcloud.redis.v20180412.Client({
  credential: {
    secretId: process.env.TENCENTCLOUD_SECRET_ID,
    secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  },
  region: process.env.TENCENTCLOUD_REGION,
  profile: { httpProfile: { endpoint: endpoint.host, protocol: "http://" } },
});
const query = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
client.DescribeInstanceBackups({ InstanceId: query.instance_id, Limit: 100, Status: [2, 4] }).then((r) => {
  const newest = r.BackupSet.sort((a, b) => (a.StartTime < b.StartTime ? 1 : -1))[0];
  process.stdout.write(`${JSON.stringify({ backup_id: newest.BackupId })}\n`);
});
