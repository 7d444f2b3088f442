package dev.fleetgateway.module;

import dev.fleetgateway.system.ApiProblem;

/** No module has the given id or key. */
public class ModuleNotFoundException extends ApiProblem {

    public ModuleNotFoundException(String idOrKey) {
        super(org.springframework.http.HttpStatus.NOT_FOUND, "module-not-found", "Module not found",
                "No module has id or key '" + idOrKey + "'");
    }
}
