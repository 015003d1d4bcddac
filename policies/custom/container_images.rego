# Container images are pinned: a tag other than "latest", or a digest.
# Evaluated by tfharden for every ARM resource (input.resource) and once per environment.
package tfharden.container_images

import rego.v1

severity := "high"

images contains image if {
	input.resource.type == "Microsoft.ContainerInstance/containerGroups"
	some container in input.resource.properties.containers
	image := container.properties.image
}

unpinned(image) if not contains(image, ":")

unpinned(image) if endswith(image, ":latest")

deny contains msg if {
	some image in images
	not contains(image, "@sha256:")
	unpinned(image)
	msg := sprintf("container image %q is not pinned to a version or digest", [image])
}

warn_environment contains msg if {
	workspaces := [r | some r in input.resources; r.type == "Microsoft.OperationalInsights/workspaces"]
	count(workspaces) != 1
	msg := sprintf("environment %s has %d Log Analytics workspaces; one central workspace is expected", [input.environment, count(workspaces)])
}
