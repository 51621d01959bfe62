import { Field, ObjectType } from "type-graphql";
import { ExportFormat } from "./enums";
import { DatasetType } from "./dataset";
import { DataFileType } from "./catalogue-types";

@ObjectType("DownloadLink", { description: "An expiring link to an exported dataset" })
export class DownloadLinkType {
  @Field({ description: "Served by this API; checks the signature, the expiry and your access" }) url: string;
  @Field(() => String, { nullable: true, description: "Presigned object-store link (deployments with a public MinIO/S3 URL)" })
  directUrl: string | null;
  @Field() expiresAt: Date;
  @Field() filename: string;
  @Field(() => ExportFormat) format: ExportFormat;
  @Field({ description: "Bytes" }) size: number;
  @Field() sha256: string;
}

@ObjectType("ImportResult")
export class ImportResultType {
  @Field(() => DatasetType) dataset: DatasetType;
  @Field({ description: "Curves added by this import" }) curvesAdded: number;
  @Field(() => DataFileType, { description: "The stored original file" }) file: DataFileType;
}
