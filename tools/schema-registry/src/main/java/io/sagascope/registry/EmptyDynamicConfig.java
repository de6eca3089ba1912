package io.sagascope.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/**
 * Stands in for apicurio-common-app-components-config-index, whose Quarkus
 * deployment module is not on Maven Central: that extension only indexes the
 * properties an admin may change at run time. A test registry has none.
 */
public class EmptyDynamicConfig {
    @Produces
    @Singleton
    DynamicConfigPropertyList dynamicProperties() {
        return new DynamicConfigPropertyList(List.of());
    }
}
