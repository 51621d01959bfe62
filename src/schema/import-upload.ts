import { Field, Float, ID, ObjectType } from "type-graphql";
import { ImportFormat } from "./enums";

@ObjectType("ImportUpload", { description: "Where to PUT a file for import into a dataset, then call completeImportUpload(id)" })
export class ImportUploadType {
  @Field(() => ID, { description: "Pass to completeImportUpload" }) id: string;
  @Field(() => ID) datasetId: string;
  @Field(() => ImportFormat) format: ImportFormat;
  @Field({ description: "The name the file is stored under" }) filename: string;
  @Field(() => Float, { description: "Declared size in bytes: the upload must have exactly this size" }) size: number;
  @Field({ description: "Signed, expiring PUT URL on this API (body: the file); answers {size, sha256, uploadId}" }) uploadUrl: string;
  @Field(() => String, { nullable: true, description: "Presigned S3 PUT URL, when the object store is reachable by clients" }) presignedUrl: string | null;
  @Field() expiresAt: Date;
  @Field(() => Float, { description: "Largest body the upload URL accepts (the declared size)" }) maxBytes: number;
}
