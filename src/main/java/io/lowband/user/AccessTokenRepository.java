package io.lowband.user;

import org.springframework.data.mongodb.repository.MongoRepository;

interface AccessTokenRepository extends MongoRepository<AccessToken, String> {
}
