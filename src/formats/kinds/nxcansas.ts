import { defineFormat } from "../format-kind";
import { readNxcansas } from "../nxcansas-reader";
import { writeNxcansas } from "../nxcansas-writer";

export const nxcansasFormat = defineFormat({
  name: "NXCANSAS",
  title: "NXcanSAS HDF5",
  extension: "h5",
  contentType: "application/x-hdf5",
  encoding: "binary",
  holds: "both",
  read: { description: "NXcanSAS HDF5; send the file base64-encoded", parse: readNxcansas },
  write: writeNxcansas,
});
