/**
 * The model registry: models with dataset-like access rules, immutable versions whose ONNX files
 * arrive out of band (a signed PUT route, or a presigned S3 PUT), and movable aliases.
 *
 * A version is created PENDING_UPLOAD with its model card; the file goes to a pending object key;
 * completeModelUpload checks size and sha256 against the stored object, loads the file in
 * onnxruntime (signature, a warm run), checks the card against the signature, and only then copies
 * the file to its final key and marks the version READY in one transaction together with its
 * TRAINING activity and provenance. A file that fails any check leaves nothing behind.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { DataSource, EntityManager } from "typeorm";
import { In } from "typeorm";
import { Model, ModelAlias, ModelVersion } from "../../entities";
import { MODEL_TASKS, type ModelTask } from "../../entities/model";
import {
  checkCardAgainstSignature,
  ModelArtifactError,
  ModelCardError,
  modelCardToJson,
  parseModelCard,
  readSignature,
  type ModelCard,
  type Signature,
} from "../../serving";
import type { InferenceEngine } from "../../serving";
import type { ObjectStore } from "../../storage/object-store";
import { groupsByName } from "../groups";
import type { CatalogueService } from "../catalogue-service";
import { isUuid } from "../catalogue-service";
import { badInput, DomainError, forbidden, unauthenticated } from "../errors";
import { checkText } from "../text";
import type { ProvenanceService, ProvNode } from "../provenance-service";
import { canSee, canWrite, visibleDatasetCondition, type Viewer } from "../viewer";
import { signUpload, type UploadClaims } from "../uploads/upload-token";
import { receiveIntoStore } from "../uploads/upload-receiver";
import { MODEL_VERSION_UPLOADS, PENDING_UPLOAD_GRACE_SECONDS, sweepPendingUploads } from "../uploads/pending-upload-sweep";

const RESOLVE_TTL_MS = 2000;
const RESOLVE_CACHE_SIZE = 1000;

export interface RegistryOptions {
  secret: string;
  /** Base URL of this API as clients reach it (upload links point here). */
  publicApiUrl: () => string;
  uploadTtlSeconds: number;
  /** Largest artifact accepted. */
  maxArtifactBytes: number;
}

export interface NewModel {
  name: string;
  task: ModelTask;
  description?: string;
  ownerGroup?: string;
  accessGroups?: string[];
  published?: boolean;
}

export interface NewModelVersion {
  /** Model name. */
  model: string;
  /** Model card JSON (object or string). */
  card: unknown;
  trainingDatasetIds?: string[];
}

/** One network a training job registers (registerTrained). */
export interface TrainedVersion {
  /** Model name: the viewer's own model (created when missing), or `owner/name` of a model the viewer may write. */
  model: string;
  task: ModelTask;
  description: string;
  card: unknown;
  bytes: Uint8Array;
}

export interface RegisteredTraining {
  versions: ModelVersion[];
  activity: { id: string };
}

export interface ModelUpload {
  version: ModelVersion;
  /** Signed PUT route on this API. */
  uploadUrl: string;
  /** Presigned S3 PUT, when the object store has a public URL. */
  presignedUrl: string | null;
  expiresAt: Date;
  maxBytes: number;
}

export interface ResolvedVersion {
  model: Model;
  version: ModelVersion;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `owner/name` or `name`; null when it cannot be a model name. */
export function parseModelName(ref: string): { owner?: string; name: string } | null {
  const slash = (ref ?? "").indexOf("/");
  const owner = slash >= 0 ? ref.slice(0, slash) : undefined;
  const name = slash >= 0 ? ref.slice(slash + 1) : ref;
  if (!NAME.test(name ?? "") || (owner !== undefined && !/^[A-Za-z0-9_.@-]{1,64}$/.test(owner))) return null;
  return owner === undefined ? { name } : { owner, name };
}

const modelNotFound = (ref: string, field = "model") => new DomainError("NOT_FOUND", `model ${ref} was not found`, field);
const versionNotFound = (ref: string, field = "versionId") => new DomainError("NOT_FOUND", `model version ${ref} was not found`, field);

/** Which heads a task's card must have. */
function checkTask(task: ModelTask, card: ModelCard): void {
  const kinds = card.outputs.map((h) => h.kind);
  const need: Record<Exclude<ModelTask, "MULTI_TASK">, string> = { REGRESSION: "regression", CLASSIFICATION: "classification", GENERATION: "curve" };
  if (task === "MULTI_TASK") {
    if (kinds.length < 2) throw badInput(`card.outputs: a MULTI_TASK model needs at least two output heads, the card has ${kinds.length}`, "card.outputs");
  } else if (!kinds.includes(need[task] as (typeof kinds)[number])) {
    throw badInput(`card.outputs: a ${task} model needs a "${need[task]}" head; the card has ${kinds.join(", ")}`, "card.outputs");
  }
}

export class ModelRegistry {
  /** Parsed cards of versions (immutable once READY), by version id. */
  private readonly cards = new Map<string, ModelCard>();

  constructor(
    private readonly db: DataSource,
    private readonly store: ObjectStore,
    private readonly catalogue: CatalogueService,
    private readonly provenance: ProvenanceService,
    private readonly engine: InferenceEngine,
    readonly options: RegistryOptions,
  ) {
    provenance.registerNodeLookup("MODEL_VERSION", (viewer, ids) => this.provenanceNodes(viewer, ids));
  }

  // ---- models ----

  async createModel(viewer: Viewer, input: NewModel): Promise<Model> {
    this.forgetResolved();
    if (!viewer.userId) throw unauthenticated("sign in to register models");
    const name = input.name?.trim() ?? "";
    if (!NAME.test(name))
      throw badInput(`name "${name}" must be 1-100 letters, digits, '_', '.', '-' (no '@' or ':'), starting with a letter or digit`, "name");
    if (!MODEL_TASKS.includes(input.task)) throw badInput(`task must be one of ${MODEL_TASKS.join(", ")}`, "task");
    checkText(input.description, "description");
    return this.db.transaction(async (tx) => {
      // Names are unique per owner: only your own model of that name conflicts, so the answer
      // tells nothing about other people's models.
      if (await tx.getRepository(Model).existsBy({ name, ownerId: viewer.userId! })) {
        throw new DomainError("CONFLICT", `you already have a model named ${name}`, "name");
      }
      let ownerGroupId: string | null = null;
      if (input.ownerGroup) {
        const [group] = await groupsByName(tx, [input.ownerGroup], "ownerGroup");
        if (!viewer.groupIds.includes(group.id)) throw forbidden(`you are not a member of group ${input.ownerGroup}`);
        ownerGroupId = group.id;
      }
      const accessGroups = await groupsByName(tx, input.accessGroups ?? []);
      const repo = tx.getRepository(Model);
      return repo.save(
        repo.create({
          name,
          task: input.task,
          description: input.description ?? "",
          ownerId: viewer.userId!,
          ownerGroupId,
          accessGroupIds: accessGroups.map((g) => g.id),
          published: input.published ?? false,
        }),
      );
    });
  }

  /**
   * The model a name refers to for this viewer, or NOT_FOUND when none is visible. `owner/name`
   * names one owner's model; a bare name is the viewer's own model of that name, else the one
   * visible model of that name (several: BAD_USER_INPUT asking for `owner/name`).
   */
  async getModel(viewer: Viewer, ref: string, manager: EntityManager = this.db.manager, field = "name", lock = false): Promise<Model> {
    const parsed = parseModelName(ref);
    if (!parsed) throw modelNotFound(ref, field);
    const { sql, params } = visibleDatasetCondition(viewer, "m");
    const qb = manager.getRepository(Model).createQueryBuilder("m").where(sql, params).andWhere("m.name = :modelName", { modelName: parsed.name });
    if (parsed.owner) qb.andWhere("m.owner_id = (SELECT id FROM users WHERE name = :modelOwner)", { modelOwner: parsed.owner });
    if (lock) qb.setLock("pessimistic_write");
    const candidates = await qb.orderBy("m.created_at").getMany();
    const own = candidates.find((m) => m.ownerId === viewer.userId);
    if (own) return own;
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) throw modelNotFound(ref, field);
    const owners = await manager.query(`SELECT name FROM users WHERE id = ANY($1::uuid[]) ORDER BY name`, [candidates.map((m) => m.ownerId)]);
    throw badInput(
      `${candidates.length} models named ${parsed.name} are visible to you: say whose, as owner/${parsed.name} (owners: ${(owners as { name: string }[]).map((o) => o.name).join(", ")})`,
      field,
    );
  }

  private async writableModel(viewer: Viewer, ref: string, tx: EntityManager, field = "name"): Promise<Model> {
    if (!viewer.userId) throw unauthenticated();
    const model = await this.getModel(viewer, ref, tx, field, true);
    if (!canWrite(viewer, model)) throw forbidden(`you may use model ${ref} but not change it: only its owner and owner group can`);
    return model;
  }

  /**
   * The model a training job writes: `owner/name` names an existing model the viewer may change
   * (NOT_FOUND / FORBIDDEN otherwise); a bare name is the viewer's own model, null when it does not
   * exist yet (the job creates it). A model of another task is refused.
   */
  async trainingModel(viewer: Viewer, ref: string, task: ModelTask, manager: EntityManager = this.db.manager, lock = false): Promise<Model | null> {
    if (!viewer.userId) throw unauthenticated("sign in to train models");
    const parsed = parseModelName(ref);
    if (!parsed) throw badInput(`model "${ref}" must be 1-100 letters, digits, '_', '.', '-' (owner/name for someone else's model)`, "model");
    let model: Model | null;
    if (parsed.owner !== undefined) {
      model = await this.getModel(viewer, ref, manager, "model", lock);
      if (!canWrite(viewer, model)) throw forbidden(`you may use model ${ref} but not add versions to it: only its owner and owner group can`);
    } else {
      model = await manager
        .getRepository(Model)
        .findOne({ where: { name: parsed.name, ownerId: viewer.userId }, lock: lock ? { mode: "pessimistic_write" } : undefined });
    }
    if (model && model.task !== task)
      throw badInput(`model ${ref} is a ${model.task} model; this architecture makes ${task} models: choose another model name`, "model");
    return model;
  }

  /**
   * Register the networks of one training run, all or nothing: each file checked in onnxruntime
   * (signature, card), models created where missing, READY versions, one TRAINING activity that
   * used the datasets and generated the versions, each version derived from them. `onCommit` runs
   * last in the same transaction (the job's SUCCEEDED); any failure leaves no model, version, file
   * or edge behind.
   */
  async registerTrained(
    viewer: Viewer,
    args: { versions: TrainedVersion[]; datasetIds: string[]; activity: { label: string; parameters: Record<string, unknown>; seed: number; startedAt: Date } },
    onCommit?: (tx: EntityManager, made: RegisteredTraining) => Promise<void>,
  ): Promise<RegisteredTraining> {
    this.forgetResolved();
    if (!viewer.userId) throw unauthenticated("sign in to train models");
    const checked: { input: TrainedVersion; card: ModelCard; signature: Signature; sha256: string }[] = [];
    for (const v of args.versions) {
      const card = this.parseCard(v.card);
      checkTask(v.task, card);
      const signature = await readSignature(v.bytes);
      checkCardAgainstSignature(card, signature);
      checked.push({ input: v, card, signature, sha256: createHash("sha256").update(v.bytes).digest("hex") });
    }
    const stored: string[] = [];
    try {
      return await this.db.transaction(async (tx) => {
        const training = await this.checkTrainingDatasets(viewer, args.datasetIds);
        const activity = await this.provenance.createActivity(tx, {
          kind: "TRAINING",
          label: args.activity.label,
          parameters: args.activity.parameters,
          seed: args.activity.seed,
          ownerId: viewer.userId,
          startedAt: args.activity.startedAt,
        });
        await this.provenance.recordRun(tx, activity, { used: training.map((id) => ({ type: "DATASET" as const, id })) });
        const versions: ModelVersion[] = [];
        for (const { input, card, signature, sha256 } of checked) {
          let model = await this.trainingModel(viewer, input.model, input.task, tx, true);
          if (!model) {
            // Two runs may create the same new model at once: the later insert waits for the first
            // to commit, does nothing, and this run adds its version to that model (locked below).
            await tx
              .getRepository(Model)
              .createQueryBuilder()
              .insert()
              .values({ name: input.model, task: input.task, description: input.description, ownerId: viewer.userId!, accessGroupIds: [], published: false })
              .orIgnore()
              .execute();
            model = await this.trainingModel(viewer, input.model, input.task, tx, true);
            if (!model) throw new DomainError("UNAVAILABLE", `model ${input.model} could not be created; try again`);
          }
          const [{ next }]: { next: number }[] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM model_versions WHERE model_id = $1`, [
            model.id,
          ]);
          const id = randomUUID();
          const key = `models/${model.id}/versions/${id}.onnx`;
          try {
            await this.store.put(key, Buffer.from(input.bytes), "application/octet-stream");
          } catch (err) {
            throw new DomainError("UNAVAILABLE", `object storage did not accept the model file (${(err as Error).message}); try again`);
          }
          stored.push(key);
          const repo = tx.getRepository(ModelVersion);
          const version = await repo.save(
            repo.create({
              id,
              modelId: model.id,
              version: Number(next),
              state: "READY",
              bucket: this.store.bucket,
              key,
              size: input.bytes.length,
              sha256,
              card: modelCardToJson(card),
              signature: signature as unknown as Record<string, unknown>,
              trainingDatasetIds: training,
              createdBy: viewer.userId!,
              activityId: activity.id,
              readyAt: new Date(),
              uploadExpiresAt: null,
            }),
          );
          await this.provenance.addEdges(tx, [
            { relation: "wasGeneratedBy", subjectType: "MODEL_VERSION", subjectId: id, objectType: "ACTIVITY", objectId: activity.id },
            { relation: "wasAttributedTo", subjectType: "MODEL_VERSION", subjectId: id, objectType: "USER", objectId: viewer.userId! },
            ...training.map((d) => ({
              relation: "wasDerivedFrom" as const,
              subjectType: "MODEL_VERSION" as const,
              subjectId: id,
              objectType: "DATASET" as const,
              objectId: d,
            })),
          ]);
          versions.push(version);
        }
        const made = { versions, activity };
        await onCommit?.(tx, made);
        return made;
      });
    } catch (err) {
      await this.store.removeQuietly(stored);
      throw err;
    } finally {
      this.forgetResolved();
    }
  }

  /** Whether this user already owns a model of this name. */
  ownsModel(ownerId: string, name: string): Promise<boolean> {
    return this.db.getRepository(Model).existsBy({ name, ownerId });
  }

  async listModels(viewer: Viewer): Promise<Model[]> {
    const { sql, params } = visibleDatasetCondition(viewer, "m");
    return this.db.getRepository(Model).createQueryBuilder("m").where(sql, params).orderBy("m.name").getMany();
  }

  async visibleModelsByIds(viewer: Viewer, ids: readonly string[]): Promise<Model[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return (await this.db.getRepository(Model).findBy({ id: In(valid) })).filter((m) => canSee(viewer, m));
  }

  async publishModel(viewer: Viewer, name: string, published: boolean): Promise<Model> {
    this.forgetResolved();
    return this.db.transaction(async (tx) => {
      const model = await this.writableModel(viewer, name, tx);
      model.published = published;
      return tx.getRepository(Model).save(model);
    });
  }

  async shareModel(viewer: Viewer, name: string, accessGroups: string[]): Promise<Model> {
    this.forgetResolved();
    return this.db.transaction(async (tx) => {
      const model = await this.writableModel(viewer, name, tx);
      model.accessGroupIds = (await groupsByName(tx, accessGroups)).map((g) => g.id);
      return tx.getRepository(Model).save(model);
    });
  }

  // ---- versions ----

  /** The parsed card of a version (cached: a READY version never changes). */
  cardOf(version: ModelVersion): ModelCard {
    let card = this.cards.get(version.id);
    if (!card) {
      card = parseModelCard(version.card);
      if (version.state === "READY") this.cards.set(version.id, card);
    }
    return card;
  }

  private parseCard(raw: unknown): ModelCard {
    try {
      return parseModelCard(raw);
    } catch (err) {
      if (err instanceof ModelCardError) throw badInput(`card: ${err.message.replace(/^model card: /, "")}`, err.field === "$" ? "card" : `card.${err.field}`);
      throw err;
    }
  }

  private async checkTrainingDatasets(viewer: Viewer, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const visible = await this.catalogue.visibleDatasetsByIds(viewer, unique);
    const missing = unique.filter((id) => !visible.some((d) => d.id === id));
    if (missing.length > 0) throw badInput(`trainingDatasetIds: dataset(s) ${missing.join(", ")} were not found`, "trainingDatasetIds");
    return unique;
  }

  /** A PENDING_UPLOAD version with its card, and where to PUT the file. */
  async createModelVersion(viewer: Viewer, input: NewModelVersion): Promise<ModelUpload> {
    this.forgetResolved();
    if (!viewer.userId) throw unauthenticated("sign in to register model versions");
    const card = this.parseCard(input.card);
    const training = await this.checkTrainingDatasets(viewer, input.trainingDatasetIds ?? []);
    const exp = Math.floor(Date.now() / 1000) + this.options.uploadTtlSeconds;
    const version = await this.db.transaction(async (tx) => {
      const model = await this.writableModel(viewer, input.model, tx, "model");
      checkTask(model.task, card);
      const [{ next }]: { next: number }[] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM model_versions WHERE model_id = $1`, [model.id]);
      const id = randomUUID();
      const repo = tx.getRepository(ModelVersion);
      return repo.save(
        repo.create({
          id,
          modelId: model.id,
          version: Number(next),
          state: "PENDING_UPLOAD",
          bucket: this.store.bucket,
          key: `models/${model.id}/pending/${id}.onnx`,
          card: modelCardToJson(card),
          trainingDatasetIds: training,
          createdBy: viewer.userId,
          uploadExpiresAt: new Date(exp * 1000),
        }),
      );
    });
    const token = signUpload(
      { kind: "MODEL_VERSION", id: version.id, key: version.key, userId: viewer.userId, maxBytes: this.options.maxArtifactBytes, exp },
      this.options.secret,
    );
    const presignedUrl = (await this.store.presignedUploadUrl(version.key, this.options.uploadTtlSeconds).catch(() => undefined)) ?? null;
    return {
      version,
      uploadUrl: `${this.options.publicApiUrl()}/uploads/${token}`,
      presignedUrl,
      expiresAt: new Date(exp * 1000),
      maxBytes: this.options.maxArtifactBytes,
    };
  }

  /**
   * The body of `PUT /uploads/:token` for a model version (UploadDispatch checked the token),
   * streamed into the version's pending key within the token's limit (uploads/upload-receiver.ts).
   * A failed or refused upload leaves no file for the version. PAYLOAD_TOO_LARGE past the limit.
   */
  async receiveUpload(claims: UploadClaims, body: Readable, declaredLength?: number): Promise<{ size: number; sha256: string; versionId: string }> {
    const version = await this.pendingVersion(claims.id, claims.key);
    const stored = await receiveIntoStore(this.store, version.key, body, {
      maxBytes: claims.maxBytes,
      declaredLength,
      // The sweep may have removed the version while its file was on the way.
      stillPending: () => this.pendingVersion(version.id, version.key),
    });
    return { ...stored, versionId: version.id };
  }

  private async pendingVersion(id: string, key: string): Promise<ModelVersion> {
    const version = isUuid(id) ? await this.db.getRepository(ModelVersion).findOneBy({ id }) : null;
    if (!version || version.key !== key) throw versionNotFound(id);
    if (version.state !== "PENDING_UPLOAD") throw new DomainError("CONFLICT", `model version ${version.id} is complete already; versions are immutable`);
    return version;
  }

  /**
   * Remove PENDING_UPLOAD versions whose upload link expired more than `graceSeconds` ago (an upload
   * that began just before expiry may still be arriving), each with its file, all or nothing per
   * version. Returns the ids removed. The periodic job `registry.sweep-pending-uploads` runs it.
   */
  async sweepExpiredUploads(graceSeconds = PENDING_UPLOAD_GRACE_SECONDS): Promise<string[]> {
    const removed = await sweepPendingUploads(this.db, this.store, MODEL_VERSION_UPLOADS, graceSeconds);
    if (removed.length > 0) this.forgetResolved();
    for (const id of removed) this.engine.evict(id);
    return removed;
  }

  /** Remove a pending version and its object (a failed completion leaves nothing). */
  private async discardPending(version: ModelVersion): Promise<void> {
    await this.db.query(`DELETE FROM model_versions WHERE id = $1 AND state = 'PENDING_UPLOAD'`, [version.id]);
    await this.store.removeQuietly([version.key]);
    this.engine.evict(version.id);
  }

  async completeModelUpload(viewer: Viewer, versionId: string, sha256: string, size: number): Promise<ModelVersion> {
    this.forgetResolved();
    if (!viewer.userId) throw unauthenticated();
    if (!isUuid(versionId)) throw versionNotFound(versionId);
    const repo = this.db.getRepository(ModelVersion);
    const version = await repo.findOneBy({ id: versionId });
    const model = version ? await this.db.getRepository(Model).findOneBy({ id: version.modelId }) : null;
    if (!version || !model || !canSee(viewer, model) || (version.state === "PENDING_UPLOAD" && !canWrite(viewer, model))) throw versionNotFound(versionId);
    if (!canWrite(viewer, model)) throw forbidden(`only the owners of model ${model.name} may complete its versions`);
    if (version.state === "READY") throw badInput(`model version ${versionId} is complete already; versions are immutable`, "versionId");
    if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw badInput("sha256 must be 64 hexadecimal digits", "sha256");
    if (!Number.isInteger(size) || size < 1) throw badInput("size must be a positive integer (bytes)", "size");

    let stored: number | undefined;
    try {
      stored = await this.store.size(version.key);
    } catch (err) {
      throw new DomainError("UNAVAILABLE", `object storage is unavailable (${(err as Error).message}); try again`);
    }
    if (stored === undefined) throw badInput(`no file has been uploaded for model version ${versionId}: PUT it to the upload URL first`, "versionId");

    // From here a failed check discards the pending version and its file.
    const fail = async (message: string, field: string): Promise<never> => {
      await this.discardPending(version);
      throw badInput(`${message}; the upload was discarded and nothing was registered`, field);
    };
    if (stored !== size) await fail(`size mismatch: you declared ${size} bytes, the uploaded file has ${stored}`, "size");
    // The whole file in memory, once: onnxruntime loads a model from a buffer (the upload itself
    // streamed, and the size checked above bounds this read to the upload limit).
    const bytes = await this.store.getBuffer(version.key);
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== sha256.toLowerCase()) await fail(`sha256 mismatch: you declared ${sha256.toLowerCase()}, the uploaded file has ${actual}`, "sha256");

    const card = this.cardOf(version);
    let signature: Signature;
    try {
      signature = await readSignature(bytes);
      checkCardAgainstSignature(card, signature);
      // A warm run on a dummy input, and the session stays cached for the first predictions.
      await this.engine.load(version.id, async () => bytes, card);
    } catch (err) {
      if (err instanceof ModelArtifactError) {
        const onCard = /model card .* does not match/.test(err.message);
        return fail(
          onCard
            ? `card does not match the model: ${err.message.replace(/^model card "[^"]*" does not match the model: /, "")}`
            : `the file is not a usable ONNX model: ${err.message}`,
          onCard ? "card" : "file",
        );
      }
      await this.discardPending(version);
      throw err;
    }

    const finalKey = `models/${model.id}/versions/${version.id}.onnx`;
    let wroteFinal = false;
    try {
      const ready = await this.db.transaction(async (tx) => {
        const locked = await tx.getRepository(ModelVersion).findOne({ where: { id: version.id }, lock: { mode: "pessimistic_write" } });
        // Gone: swept after its upload link expired, while this completion ran.
        if (!locked) throw versionNotFound(versionId);
        if (locked.state !== "PENDING_UPLOAD") throw badInput(`model version ${versionId} is complete already; versions are immutable`, "versionId");
        const training = await this.checkTrainingDatasets(viewer, locked.trainingDatasetIds);
        try {
          await this.store.put(finalKey, bytes, "application/octet-stream");
        } catch (err) {
          throw new DomainError("UNAVAILABLE", `object storage did not accept the file (${(err as Error).message}); try again`);
        }
        wroteFinal = true;
        const activity = await this.provenance.createActivity(tx, {
          kind: "TRAINING",
          label: `${model.name} v${locked.version}`,
          parameters: { model: model.name, version: locked.version, sha256: actual, size, card: card.name, metrics: card.metrics },
          ownerId: viewer.userId,
        });
        await this.provenance.recordRun(tx, activity, { used: training.map((id) => ({ type: "DATASET" as const, id })) });
        await this.provenance.addEdges(tx, [
          { relation: "wasGeneratedBy", subjectType: "MODEL_VERSION", subjectId: locked.id, objectType: "ACTIVITY", objectId: activity.id },
          { relation: "wasAttributedTo", subjectType: "MODEL_VERSION", subjectId: locked.id, objectType: "USER", objectId: viewer.userId! },
          ...training.map((id) => ({
            relation: "wasDerivedFrom" as const,
            subjectType: "MODEL_VERSION" as const,
            subjectId: locked.id,
            objectType: "DATASET" as const,
            objectId: id,
          })),
        ]);
        Object.assign(locked, {
          state: "READY",
          key: finalKey,
          size,
          sha256: actual,
          signature: signature as unknown as Record<string, unknown>,
          activityId: activity.id,
          readyAt: new Date(),
          uploadExpiresAt: null,
        });
        return tx.getRepository(ModelVersion).save(locked);
      });
      await this.store.removeQuietly([version.key]);
      return ready;
    } catch (err) {
      if (wroteFinal) await this.store.removeQuietly([finalKey]);
      throw err;
    }
  }

  /** READY versions by id that the viewer may see (others are absent). */
  async visibleVersionsByIds(viewer: Viewer, ids: readonly string[]): Promise<ModelVersion[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const versions = await this.db.getRepository(ModelVersion).findBy({ id: In(valid), state: "READY" });
    const models = new Map((await this.visibleModelsByIds(viewer, [...new Set(versions.map((v) => v.modelId))])).map((m) => [m.id, m]));
    return versions.filter((v) => models.has(v.modelId));
  }

  /** READY versions of models (the caller has checked the models are visible), newest first. */
  versionsOfModels(modelIds: readonly string[]): Promise<ModelVersion[]> {
    if (modelIds.length === 0) return Promise.resolve([]);
    return this.db.getRepository(ModelVersion).find({ where: { modelId: In([...modelIds]), state: "READY" }, order: { version: "DESC" } });
  }

  aliasesOfModels(modelIds: readonly string[]): Promise<ModelAlias[]> {
    if (modelIds.length === 0) return Promise.resolve([]);
    return this.db.getRepository(ModelAlias).find({ where: { modelId: In([...modelIds]) }, order: { alias: "ASC" } });
  }

  private async provenanceNodes(viewer: Viewer, ids: string[]): Promise<ProvNode[]> {
    const versions = await this.visibleVersionsByIds(viewer, ids);
    const models = new Map((await this.visibleModelsByIds(viewer, [...new Set(versions.map((v) => v.modelId))])).map((m) => [m.id, m]));
    return versions.map((v) => ({ id: v.id, type: "MODEL_VERSION" as const, label: `model ${models.get(v.modelId)?.name ?? "?"} v${v.version}` }));
  }

  /**
   * A READY version from a reference: "name@alias", "name:version", a version id, or a bare name
   * (its newest READY version). NOT_FOUND, naming `field`, when absent or not visible.
   */
  /**
   * `predict` resolves a model reference on every request; versions are immutable, so the answer can
   * be kept briefly. Visibility is still checked per viewer on every hit, and any registry write in
   * this process clears the cache; other API processes (and a predict racing a write here) see alias
   * moves and access changes within RESOLVE_TTL_MS.
   */
  private readonly resolved = new Map<string, { at: number; value: ResolvedVersion }>();

  private forgetResolved(): void {
    this.resolved.clear();
  }

  async resolve(viewer: Viewer, ref: string, field = "model"): Promise<ResolvedVersion> {
    const text = (ref ?? "").trim();
    // A bare name means different models to different viewers (names are unique per owner).
    const key = `${viewer.userId ?? ""}\u0000${text}`;
    const hit = this.resolved.get(key);
    if (hit && Date.now() - hit.at < RESOLVE_TTL_MS && canSee(viewer, hit.value.model)) return hit.value;
    const value = await this.resolveFromDatabase(viewer, text, field);
    if (this.resolved.size >= RESOLVE_CACHE_SIZE) this.resolved.delete(this.resolved.keys().next().value as string);
    this.resolved.set(key, { at: Date.now(), value });
    return value;
  }

  private async resolveFromDatabase(viewer: Viewer, ref: string, field: string): Promise<ResolvedVersion> {
    const text = ref;
    if (isUuid(text)) {
      const [version] = await this.visibleVersionsByIds(viewer, [text]);
      if (!version) throw versionNotFound(text, field);
      const model = await this.db.getRepository(Model).findOneByOrFail({ id: version.modelId });
      return { model, version };
    }
    // "@alias" and ":version" follow the model name; an owner's name before "/" may hold an "@".
    const nameStart = text.indexOf("/") + 1;
    const at = text.indexOf("@", nameStart) > 0 ? text.lastIndexOf("@") : -1;
    const colon = text.indexOf(":", nameStart) > 0 ? text.lastIndexOf(":") : -1;
    const name = at > 0 ? text.slice(0, at) : colon > 0 ? text.slice(0, colon) : text;
    const model = await this.getModel(viewer, name, this.db.manager, field);
    const versions = this.db.getRepository(ModelVersion);
    let version: ModelVersion | null;
    if (at > 0) {
      const alias = text.slice(at + 1);
      const row = ALIAS.test(alias) ? await this.db.getRepository(ModelAlias).findOneBy({ modelId: model.id, alias }) : null;
      if (!row) throw new DomainError("NOT_FOUND", `model ${name} has no alias "${alias}"`, field);
      version = await versions.findOneBy({ id: row.versionId, state: "READY" });
    } else if (colon > 0) {
      const n = Number(text.slice(colon + 1));
      if (!Number.isInteger(n) || n < 1) throw badInput(`${field}: "${text}": the version after ':' must be a positive integer`, field);
      version = await versions.findOneBy({ modelId: model.id, version: n, state: "READY" });
    } else {
      version = await versions.findOne({ where: { modelId: model.id, state: "READY" }, order: { version: "DESC" } });
    }
    if (!version) throw new DomainError("NOT_FOUND", `model ${text} has no such ready version`, field);
    return { model, version };
  }

  async getVersion(viewer: Viewer, id: string): Promise<ModelVersion> {
    const [version] = await this.visibleVersionsByIds(viewer, [id]);
    if (!version) throw versionNotFound(id, "id");
    return version;
  }

  /** Point `alias` of a model at one of its READY versions (creating or moving it). */
  async setModelAlias(viewer: Viewer, modelName: string, alias: string, versionNumber: number): Promise<ModelAlias> {
    this.forgetResolved();
    if (!ALIAS.test(alias ?? "")) throw badInput(`alias "${alias}" must be 1-64 letters, digits, '_', '.', '-'`, "alias");
    return this.db.transaction(async (tx) => {
      const model = await this.writableModel(viewer, modelName, tx, "model");
      const version = await tx.getRepository(ModelVersion).findOneBy({ modelId: model.id, version: versionNumber, state: "READY" });
      if (!version) throw badInput(`model ${model.name} has no ready version ${versionNumber}`, "version");
      await tx.query(
        `INSERT INTO model_aliases (model_id, alias, version_id, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (model_id, alias) DO UPDATE SET version_id = EXCLUDED.version_id, updated_at = now()`,
        [model.id, alias, version.id],
      );
      return tx.getRepository(ModelAlias).findOneByOrFail({ modelId: model.id, alias });
    });
  }

  /**
   * Register a model file in one call, through the same checks as an upload (the demo seed and
   * the CLI use it): creates the model when missing, a version, stores the file, completes it, and
   * points `alias` at it. Returns the version.
   */
  async registerArtifact(
    viewer: Viewer,
    input: NewModel & { card: unknown; bytes: Uint8Array; alias?: string; trainingDatasetIds?: string[] },
  ): Promise<ModelVersion> {
    if (!viewer.userId) throw unauthenticated("sign in to register models");
    if (!(await this.ownsModel(viewer.userId, input.name))) await this.createModel(viewer, input);
    const upload = await this.createModelVersion(viewer, { model: input.name, card: input.card, trainingDatasetIds: input.trainingDatasetIds });
    const bytes = Buffer.from(input.bytes);
    try {
      await this.store.put(upload.version.key, bytes);
    } catch (err) {
      await this.discardPending(upload.version);
      throw err;
    }
    const ready = await this.completeModelUpload(viewer, upload.version.id, createHash("sha256").update(bytes).digest("hex"), bytes.length);
    if (input.alias) await this.setModelAlias(viewer, input.name, input.alias, ready.version);
    return ready;
  }
}
