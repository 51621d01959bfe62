import { defineFormat } from "../format-kind";
import { writeImageSet } from "../image-set-writer";

export const imageSetFormat = defineFormat({
  name: "IMAGE_SET_ZIP",
  title: "ZIP of detector images in paper 004's layout: HDF5 data [n, rows, columns] + target [n], and a CSV of every image's parameters",
  extension: "zip",
  contentType: "application/zip",
  encoding: "binary",
  holds: "images",
  write: writeImageSet,
});
