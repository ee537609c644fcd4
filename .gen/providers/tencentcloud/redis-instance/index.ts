// https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface RedisInstanceConfig extends cdktf.TerraformMetaArguments {
  /**
  * The instance id, e.g. `crs-xxxxxxxx`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#id RedisInstance#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Availability zone of the instance, e.g. `ap-guangzhou-3`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#availability_zone RedisInstance#availability_zone}
  */
  readonly availabilityZone: string;
  /**
  * Memory in MB: of the whole instance (standard architecture) or of each shard (cluster architecture).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#mem_size RedisInstance#mem_size}
  */
  readonly memSize: number;
  /**
  * Instance type id, e.g. 6 Redis 4.0, 8 Redis 5.0, 15 Redis 6.2, 17 Redis 7.0 standard architecture; see `tencentcloud_redis_zone_config`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#type_id RedisInstance#type_id}
  */
  readonly typeId?: number;
  /**
  * Instance name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#name RedisInstance#name}
  */
  readonly name?: string;
  /**
  * Number of shards (cluster architecture only).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#redis_shard_num RedisInstance#redis_shard_num}
  */
  readonly redisShardNum?: number;
  /**
  * Number of replicas. Defaults to 1.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#redis_replicas_num RedisInstance#redis_replicas_num}
  */
  readonly redisReplicasNum?: number;
  /**
  * Availability zone ids of the replicas (multi-AZ instances).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#replica_zone_ids RedisInstance#replica_zone_ids}
  */
  readonly replicaZoneIds?: number[];
  /**
  * Password of the default user; empty only with `no_auth = true`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#password RedisInstance#password}
  */
  readonly password?: string;
  /**
  * Allow access without a password (VPC instances only).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#no_auth RedisInstance#no_auth}
  */
  readonly noAuth?: boolean | cdktf.IResolvable;
  /**
  * VPC of the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#vpc_id RedisInstance#vpc_id}
  */
  readonly vpcId?: string;
  /**
  * Subnet of the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#subnet_id RedisInstance#subnet_id}
  */
  readonly subnetId?: string;
  /**
  * Security group ids of the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#security_groups RedisInstance#security_groups}
  */
  readonly securityGroups?: string[];
  /**
  * Project of the instance. Defaults to 0.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#project_id RedisInstance#project_id}
  */
  readonly projectId?: number;
  /**
  * Port of the instance. Defaults to 6379.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#port RedisInstance#port}
  */
  readonly port?: number;
  /**
  * Parameter template to apply; the default template when unset.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#params_template_id RedisInstance#params_template_id}
  */
  readonly paramsTemplateId?: string;
  /**
  * `POSTPAID` (default) or `PREPAID`; changing it replaces the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#charge_type RedisInstance#charge_type}
  */
  readonly chargeType?: string;
  /**
  * Months of a prepaid instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#prepaid_period RedisInstance#prepaid_period}
  */
  readonly prepaidPeriod?: number;
  /**
  * 0 manual renewal (default), 1 automatic renewal, 2 no automatic renewal.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#auto_renew_flag RedisInstance#auto_renew_flag}
  */
  readonly autoRenewFlag?: number;
  /**
  * Delete the instance instead of moving it to the recycle bin on destroy.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#force_delete RedisInstance#force_delete}
  */
  readonly forceDelete?: boolean | cdktf.IResolvable;
  /**
  * Tags of the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#tags RedisInstance#tags}
  */
  readonly tags?: { [key: string]: string };
  /**
  * Private IP address of the instance.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#ip RedisInstance#ip}
  */
  readonly ip?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance tencentcloud_redis_instance}
*/
export class RedisInstance extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "tencentcloud_redis_instance";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a RedisInstance resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the RedisInstance to import
  * @param importFromId The id of the existing RedisInstance that should be imported. Refer to the {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the RedisInstance to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "tencentcloud_redis_instance", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/tencentcloudstack/tencentcloud/1.83.25/docs/resources/redis_instance tencentcloud_redis_instance} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options RedisInstanceConfig
  */
  public constructor(scope: Construct, id: string, config: RedisInstanceConfig) {
    super(scope, id, {
      terraformResourceType: 'tencentcloud_redis_instance',
      terraformGeneratorMetadata: {
        providerName: 'tencentcloud',
        providerVersion: '1.83.25',
        providerVersionConstraint: '~> 1.83'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._id = config.id;
    this._availabilityZone = config.availabilityZone;
    this._memSize = config.memSize;
    this._typeId = config.typeId;
    this._name = config.name;
    this._redisShardNum = config.redisShardNum;
    this._redisReplicasNum = config.redisReplicasNum;
    this._replicaZoneIds = config.replicaZoneIds;
    this._password = config.password;
    this._noAuth = config.noAuth;
    this._vpcId = config.vpcId;
    this._subnetId = config.subnetId;
    this._securityGroups = config.securityGroups;
    this._projectId = config.projectId;
    this._port = config.port;
    this._paramsTemplateId = config.paramsTemplateId;
    this._chargeType = config.chargeType;
    this._prepaidPeriod = config.prepaidPeriod;
    this._autoRenewFlag = config.autoRenewFlag;
    this._forceDelete = config.forceDelete;
    this._tags = config.tags;
    this._ip = config.ip;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // availability_zone - computed: false, optional: false, required: true
  private _availabilityZone?: string; 
  public get availabilityZone() {
    return this.getStringAttribute('availability_zone');
  }
  public set availabilityZone(value: string) {
    this._availabilityZone = value;
  }
  // Temporarily expose input value. Use with caution.
  public get availabilityZoneInput() {
    return this._availabilityZone;
  }

  // mem_size - computed: false, optional: false, required: true
  private _memSize?: number; 
  public get memSize() {
    return this.getNumberAttribute('mem_size');
  }
  public set memSize(value: number) {
    this._memSize = value;
  }
  // Temporarily expose input value. Use with caution.
  public get memSizeInput() {
    return this._memSize;
  }

  // type_id - computed: false, optional: true, required: false
  private _typeId?: number; 
  public get typeId() {
    return this.getNumberAttribute('type_id');
  }
  public set typeId(value: number) {
    this._typeId = value;
  }
  public resetTypeId() {
    this._typeId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get typeIdInput() {
    return this._typeId;
  }

  // name - computed: true, optional: true, required: false
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  public resetName() {
    this._name = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // redis_shard_num - computed: true, optional: true, required: false
  private _redisShardNum?: number; 
  public get redisShardNum() {
    return this.getNumberAttribute('redis_shard_num');
  }
  public set redisShardNum(value: number) {
    this._redisShardNum = value;
  }
  public resetRedisShardNum() {
    this._redisShardNum = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get redisShardNumInput() {
    return this._redisShardNum;
  }

  // redis_replicas_num - computed: false, optional: true, required: false
  private _redisReplicasNum?: number; 
  public get redisReplicasNum() {
    return this.getNumberAttribute('redis_replicas_num');
  }
  public set redisReplicasNum(value: number) {
    this._redisReplicasNum = value;
  }
  public resetRedisReplicasNum() {
    this._redisReplicasNum = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get redisReplicasNumInput() {
    return this._redisReplicasNum;
  }

  // replica_zone_ids - computed: true, optional: true, required: false
  private _replicaZoneIds?: number[]; 
  public get replicaZoneIds() {
    return this.getNumberListAttribute('replica_zone_ids');
  }
  public set replicaZoneIds(value: number[]) {
    this._replicaZoneIds = value;
  }
  public resetReplicaZoneIds() {
    this._replicaZoneIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get replicaZoneIdsInput() {
    return this._replicaZoneIds;
  }

  // password - computed: false, optional: true, required: false
  private _password?: string; 
  public get password() {
    return this.getStringAttribute('password');
  }
  public set password(value: string) {
    this._password = value;
  }
  public resetPassword() {
    this._password = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get passwordInput() {
    return this._password;
  }

  // no_auth - computed: false, optional: true, required: false
  private _noAuth?: boolean | cdktf.IResolvable; 
  public get noAuth() {
    return this.getBooleanAttribute('no_auth');
  }
  public set noAuth(value: boolean | cdktf.IResolvable) {
    this._noAuth = value;
  }
  public resetNoAuth() {
    this._noAuth = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get noAuthInput() {
    return this._noAuth;
  }

  // vpc_id - computed: true, optional: true, required: false
  private _vpcId?: string; 
  public get vpcId() {
    return this.getStringAttribute('vpc_id');
  }
  public set vpcId(value: string) {
    this._vpcId = value;
  }
  public resetVpcId() {
    this._vpcId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vpcIdInput() {
    return this._vpcId;
  }

  // subnet_id - computed: true, optional: true, required: false
  private _subnetId?: string; 
  public get subnetId() {
    return this.getStringAttribute('subnet_id');
  }
  public set subnetId(value: string) {
    this._subnetId = value;
  }
  public resetSubnetId() {
    this._subnetId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subnetIdInput() {
    return this._subnetId;
  }

  // security_groups - computed: false, optional: true, required: false
  private _securityGroups?: string[]; 
  public get securityGroups() {
    return cdktf.Fn.tolist(this.getListAttribute('security_groups'));
  }
  public set securityGroups(value: string[]) {
    this._securityGroups = value;
  }
  public resetSecurityGroups() {
    this._securityGroups = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get securityGroupsInput() {
    return this._securityGroups;
  }

  // project_id - computed: false, optional: true, required: false
  private _projectId?: number; 
  public get projectId() {
    return this.getNumberAttribute('project_id');
  }
  public set projectId(value: number) {
    this._projectId = value;
  }
  public resetProjectId() {
    this._projectId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get projectIdInput() {
    return this._projectId;
  }

  // port - computed: false, optional: true, required: false
  private _port?: number; 
  public get port() {
    return this.getNumberAttribute('port');
  }
  public set port(value: number) {
    this._port = value;
  }
  public resetPort() {
    this._port = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get portInput() {
    return this._port;
  }

  // params_template_id - computed: false, optional: true, required: false
  private _paramsTemplateId?: string; 
  public get paramsTemplateId() {
    return this.getStringAttribute('params_template_id');
  }
  public set paramsTemplateId(value: string) {
    this._paramsTemplateId = value;
  }
  public resetParamsTemplateId() {
    this._paramsTemplateId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get paramsTemplateIdInput() {
    return this._paramsTemplateId;
  }

  // charge_type - computed: false, optional: true, required: false
  private _chargeType?: string; 
  public get chargeType() {
    return this.getStringAttribute('charge_type');
  }
  public set chargeType(value: string) {
    this._chargeType = value;
  }
  public resetChargeType() {
    this._chargeType = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get chargeTypeInput() {
    return this._chargeType;
  }

  // prepaid_period - computed: false, optional: true, required: false
  private _prepaidPeriod?: number; 
  public get prepaidPeriod() {
    return this.getNumberAttribute('prepaid_period');
  }
  public set prepaidPeriod(value: number) {
    this._prepaidPeriod = value;
  }
  public resetPrepaidPeriod() {
    this._prepaidPeriod = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get prepaidPeriodInput() {
    return this._prepaidPeriod;
  }

  // auto_renew_flag - computed: false, optional: true, required: false
  private _autoRenewFlag?: number; 
  public get autoRenewFlag() {
    return this.getNumberAttribute('auto_renew_flag');
  }
  public set autoRenewFlag(value: number) {
    this._autoRenewFlag = value;
  }
  public resetAutoRenewFlag() {
    this._autoRenewFlag = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get autoRenewFlagInput() {
    return this._autoRenewFlag;
  }

  // force_delete - computed: false, optional: true, required: false
  private _forceDelete?: boolean | cdktf.IResolvable; 
  public get forceDelete() {
    return this.getBooleanAttribute('force_delete');
  }
  public set forceDelete(value: boolean | cdktf.IResolvable) {
    this._forceDelete = value;
  }
  public resetForceDelete() {
    this._forceDelete = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get forceDeleteInput() {
    return this._forceDelete;
  }

  // tags - computed: false, optional: true, required: false
  private _tags?: { [key: string]: string }; 
  public get tags() {
    return this.getStringMapAttribute('tags');
  }
  public set tags(value: { [key: string]: string }) {
    this._tags = value;
  }
  public resetTags() {
    this._tags = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagsInput() {
    return this._tags;
  }

  // ip - computed: true, optional: true, required: false
  private _ip?: string; 
  public get ip() {
    return this.getStringAttribute('ip');
  }
  public set ip(value: string) {
    this._ip = value;
  }
  public resetIp() {
    this._ip = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ipInput() {
    return this._ip;
  }

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getStringAttribute('status');
  }

  // create_time - computed: true, optional: false, required: false
  public get createTime() {
    return this.getStringAttribute('create_time');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      id: cdktf.stringToTerraform(this._id),
      availability_zone: cdktf.stringToTerraform(this._availabilityZone),
      mem_size: cdktf.numberToTerraform(this._memSize),
      type_id: cdktf.numberToTerraform(this._typeId),
      name: cdktf.stringToTerraform(this._name),
      redis_shard_num: cdktf.numberToTerraform(this._redisShardNum),
      redis_replicas_num: cdktf.numberToTerraform(this._redisReplicasNum),
      replica_zone_ids: cdktf.listMapper(cdktf.numberToTerraform, false)(this._replicaZoneIds),
      password: cdktf.stringToTerraform(this._password),
      no_auth: cdktf.booleanToTerraform(this._noAuth),
      vpc_id: cdktf.stringToTerraform(this._vpcId),
      subnet_id: cdktf.stringToTerraform(this._subnetId),
      security_groups: cdktf.listMapper(cdktf.stringToTerraform, false)(this._securityGroups),
      project_id: cdktf.numberToTerraform(this._projectId),
      port: cdktf.numberToTerraform(this._port),
      params_template_id: cdktf.stringToTerraform(this._paramsTemplateId),
      charge_type: cdktf.stringToTerraform(this._chargeType),
      prepaid_period: cdktf.numberToTerraform(this._prepaidPeriod),
      auto_renew_flag: cdktf.numberToTerraform(this._autoRenewFlag),
      force_delete: cdktf.booleanToTerraform(this._forceDelete),
      tags: cdktf.hashMapper(cdktf.stringToTerraform)(this._tags),
      ip: cdktf.stringToTerraform(this._ip),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      availability_zone: {
        value: cdktf.stringToHclTerraform(this._availabilityZone),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      mem_size: {
        value: cdktf.numberToHclTerraform(this._memSize),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      type_id: {
        value: cdktf.numberToHclTerraform(this._typeId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      redis_shard_num: {
        value: cdktf.numberToHclTerraform(this._redisShardNum),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      redis_replicas_num: {
        value: cdktf.numberToHclTerraform(this._redisReplicasNum),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      replica_zone_ids: {
        value: cdktf.listMapperHcl(cdktf.numberToHclTerraform, false)(this._replicaZoneIds),
        isBlock: false,
        type: "list",
        storageClassType: "numberList",
      },
      password: {
        value: cdktf.stringToHclTerraform(this._password),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      no_auth: {
        value: cdktf.booleanToHclTerraform(this._noAuth),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      vpc_id: {
        value: cdktf.stringToHclTerraform(this._vpcId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      subnet_id: {
        value: cdktf.stringToHclTerraform(this._subnetId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      security_groups: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._securityGroups),
        isBlock: false,
        type: "set",
        storageClassType: "stringList",
      },
      project_id: {
        value: cdktf.numberToHclTerraform(this._projectId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      port: {
        value: cdktf.numberToHclTerraform(this._port),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      params_template_id: {
        value: cdktf.stringToHclTerraform(this._paramsTemplateId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      charge_type: {
        value: cdktf.stringToHclTerraform(this._chargeType),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      prepaid_period: {
        value: cdktf.numberToHclTerraform(this._prepaidPeriod),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      auto_renew_flag: {
        value: cdktf.numberToHclTerraform(this._autoRenewFlag),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      force_delete: {
        value: cdktf.booleanToHclTerraform(this._forceDelete),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      tags: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._tags),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      ip: {
        value: cdktf.stringToHclTerraform(this._ip),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
