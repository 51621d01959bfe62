import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Dataset, DetectorImage } from "../entities";
import type { Context } from "../server/context";
import { arrayKeyOf, geometryOfImage } from "../services/detector-image-service";
import { notFound } from "../services/errors";
import { pageOf } from "../services/pagination";
import { imageCursorKey } from "../services/detector-image-service";
import { DatasetType } from "../schema/dataset";
import { DetectorArray, DetectorGeometryType, DetectorImageConnection, DetectorImageType } from "../schema/detector-image";
import { toConnection } from "./connection";

const FILE_OF: Record<DetectorArray, string> = { VALUES: "values", UNCERTAINTIES: "uncertainties", MASK: "mask" };

@Resolver(() => DetectorImageType)
export class DetectorImageResolver {
  @Query(() => DetectorImageType, { description: "One detector image; NOT_FOUND when it does not exist or you may not see its dataset" })
  async detectorImage(@Ctx() { loaders }: Context, @Arg("id", () => ID) id: string): Promise<DetectorImage> {
    const image = await loaders.detectorImage.load(id);
    if (!image) throw notFound("detector image", id);
    return image;
  }

  @FieldResolver(() => [Int], { description: "[rows, columns]" })
  shape(@Root() image: DetectorImage): number[] {
    return [image.rows, image.columns];
  }

  @FieldResolver(() => DetectorGeometryType)
  geometry(@Root() image: DetectorImage): DetectorGeometryType {
    return geometryOfImage(image);
  }

  @FieldResolver(() => DatasetType)
  async dataset(@Root() image: DetectorImage, @Ctx() { loaders }: Context): Promise<Dataset> {
    // An image reaches a resolver only through a visible dataset; if access was withdrawn since, NOT_FOUND.
    const dataset = await loaders.dataset.load(image.datasetId);
    if (!dataset) throw notFound("dataset", image.datasetId);
    return dataset;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Expiring link to one array as NumPy .npy [rows, columns] (VALUES and UNCERTAINTIES float64, MASK uint8); null for UNCERTAINTIES when the image has none. The download checks your access again",
  })
  arrayUrl(
    @Root() image: DetectorImage,
    @Ctx() { services, viewer }: Context,
    @Arg("array", () => DetectorArray, { defaultValue: "VALUES" }) array: DetectorArray,
  ): string | null {
    const key = arrayKeyOf(image, array);
    if (!key) return null;
    const filename = `image-${image.datasetId.slice(0, 8)}-${image.index}-${FILE_OF[array]}.npy`;
    return services.exports.objectLink(viewer, { key, datasetId: image.datasetId, filename, contentType: "application/octet-stream" }).url;
  }

  @FieldResolver(() => String, {
    description:
      "Expiring link to a PNG preview: one pixel per detector pixel, log colour scale (viridis) over unmasked positive values, masked pixels grey, top row = last detector row",
  })
  previewUrl(@Root() image: DetectorImage, @Ctx() { services, viewer }: Context): string {
    const filename = `image-${image.datasetId.slice(0, 8)}-${image.index}.png`;
    return services.exports.objectLink(viewer, { key: image.previewKey, datasetId: image.datasetId, filename, contentType: "image/png" }).url;
  }
}

@Resolver(() => DatasetType)
export class DatasetImagesResolver {
  @FieldResolver(() => DetectorImageConnection, { description: "Two-dimensional detector images in order" })
  async images(
    @Root() d: Dataset,
    @Ctx() { services, viewer, loaders }: Context,
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    if (!after && Number.isInteger(first) && first >= 0 && first <= 1000) {
      // The first page is batched across datasets; the loader brings one image more than asked, to tell whether more follow.
      const rows = await loaders.firstImages.load(`${d.id}:${first}`);
      return toConnection(pageOf(rows.slice(0, first), rows.length > first, imageCursorKey), false);
    }
    const page = await services.images.listImages(viewer, { datasetId: d.id, first, after });
    return toConnection(page, Boolean(after));
  }
}
